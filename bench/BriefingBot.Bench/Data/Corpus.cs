using System.Globalization;
using System.Text.Json;
using BriefingBot.Bench.Infrastructure;
using BriefingBot.Core.Ingest;

namespace BriefingBot.Bench.Data;

/// <summary>One outlet's article about a story, as the allsides data (or a seed file) gives it.</summary>
internal sealed record Article(int StoryId, string Outlet, string Title, string Url, DateTimeOffset Date, IReadOnlyList<string> Paragraphs)
{
    public string Text => string.Join("\n", Paragraphs);
}

/// <summary>An event with the articles different outlets wrote about it.</summary>
/// <param name="Headline">AllSides' own headline of the story (its <c>issue</c>), empty for the seeds.</param>
/// <param name="Roundup">AllSides' summary of the story, its paragraphs joined with newlines.</param>
internal sealed record NewsStory(int Id, string Topic, DateTimeOffset Date, IReadOnlyList<Article> Articles, string Headline = "", string Roundup = "");

/// <summary>The allsides-dev stories plus the seed reports (one more story, id 0).</summary>
internal sealed class Corpus
{
    public const int SeedStoryId = 0;

    private Corpus(IReadOnlyList<NewsStory> allSides, NewsStory seeds)
    {
        AllSides = allSides;
        Seeds = seeds;
        Stories = [.. allSides, seeds];
        Outlets = Stories.SelectMany(s => s.Articles).Select(a => a.Outlet).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<NewsStory> AllSides { get; }

    public NewsStory Seeds { get; }

    /// <summary>The allsides stories and the seed story.</summary>
    public IReadOnlyList<NewsStory> Stories { get; }

    public IReadOnlyList<string> Outlets { get; }

    /// <summary>Stories of each topic, for background paragraphs from related events.</summary>
    public ILookup<string, NewsStory> ByTopic => _byTopic ??= Stories.ToLookup(s => s.Topic, StringComparer.Ordinal);

    private ILookup<string, NewsStory>? _byTopic;

    /// <summary>Sides of a story present in the data with an empty body.</summary>
    public int EmptyArticles { get; private init; }

    /// <summary>Stories in the data with no article with a body (left out).</summary>
    public int StoriesWithoutArticles { get; private init; }

    public static Corpus Load(BenchData data)
    {
        var stories = new List<NewsStory>();
        var empty = 0;
        var withoutArticles = 0;
        foreach (var line in File.ReadLines(data.StoriesPath))
        {
            if (string.IsNullOrWhiteSpace(line))
                continue;
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            var id = root.GetProperty("id").GetInt32();
            var date = DateTimeOffset.Parse(root.GetProperty("date").GetString()!, CultureInfo.InvariantCulture);
            var topic = root.TryGetProperty("topic", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : "";
            var articles = new List<Article>();
            foreach (var side in new[] { "left", "center", "right" })
            {
                if (!root.GetProperty("news").TryGetProperty(side, out var a) || a.ValueKind != JsonValueKind.Object)
                    continue;
                var paragraphs = a.TryGetProperty("newBody", out var body) && body.ValueKind == JsonValueKind.Array
                    ? body.EnumerateArray().Select(p => p.GetString()?.Trim() ?? "").Where(p => p.Length > 0).ToList()
                    : [];
                if (paragraphs.Count == 0)
                {
                    empty++;
                    continue;
                }

                articles.Add(new Article(id, Str(a, "newsSource") ?? side, Str(a, "newsTitle") ?? "", Str(a, "newsLink") ?? "", date, paragraphs));
            }

            var roundup = root.TryGetProperty("roundup", out var r) && r.ValueKind == JsonValueKind.Array
                ? string.Join("\n", r.EnumerateArray().Select(p => p.GetString() ?? ""))
                : "";
            if (articles.Count > 0)
                stories.Add(new NewsStory(id, topic, date, articles, Str(root, "issue") ?? "", roundup));
            else
                withoutArticles++;
        }

        return new Corpus(stories, LoadSeeds(data.SeedsFolder)) { EmptyArticles = empty, StoriesWithoutArticles = withoutArticles };
    }

    private static NewsStory LoadSeeds(string folder)
    {
        var reader = new ReportFileReader(new IngestOptions());
        var problems = new List<IngestProblem>();
        var articles = new List<Article>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.txt").Order(StringComparer.Ordinal))
        {
            foreach (var raw in reader.Read(path, problems))
            {
                var draft = ReportPreparer.Prepare(raw);
                var paragraphs = draft.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var date = draft.Published ?? new DateTimeOffset(2020, 7, 14, 12, 0, 0, TimeSpan.Zero);
                // A seed that names no outlet falls back to its file name; give it a readable one instead.
                var name = Path.GetFileNameWithoutExtension(path);
                var outlet = draft.Outlet == name ? $"Seed outlet {name.Split('_')[0]}" : draft.Outlet;
                articles.Add(new Article(SeedStoryId, outlet, draft.Title ?? paragraphs[0], draft.Url ?? "", date, paragraphs));
            }
        }

        return new NewsStory(SeedStoryId, "seeds", articles.Min(a => a.Date), articles);
    }

    private static string? Str(JsonElement element, string name) =>
        element.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
}
