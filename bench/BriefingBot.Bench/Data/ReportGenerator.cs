using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using BriefingBot.Core.Ingest;

namespace BriefingBot.Bench.Data;

/// <summary>A generated report and the story it is about (the gold label for clustering checks).</summary>
internal sealed record GeneratedReport(int StoryId, RawReport Raw);

/// <summary>
/// Makes realistic, varied reports from the allsides articles and the seeds: one outlet's article about an
/// event, rewritten with material from the other outlets' articles on it (and now and then a background
/// paragraph from a related event), sentences reordered, numbers and weekdays changed, page furniture
/// sprinkled in, unique URLs. Deterministic for a seed; every text it returns is distinct, so the store's
/// URL and content-hash deduplication does not shrink the set.
/// </summary>
internal sealed partial class ReportGenerator(Corpus corpus, int seed)
{
    private static readonly string[] Weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

    private static readonly string[] Furniture =
    [
        "Advertisement", "Share this article", "Follow us on Twitter for the latest updates.", "Click here to subscribe to our newsletter.",
        "Related stories:", "Support our journalism: make a donation today.",
    ];

    private readonly Random _random = new(seed);
    private readonly HashSet<ulong> _seenTexts = [];
    private int _serial;

    /// <summary>A report about a random story, published within 36 hours after the story's date.</summary>
    public GeneratedReport Next()
    {
        var story = corpus.Stories[_random.Next(corpus.Stories.Count)];
        return Next(story, story.Date + TimeSpan.FromMinutes(_random.Next(36 * 60)));
    }

    /// <summary>A report about <paramref name="story"/> published at <paramref name="published"/>.</summary>
    public GeneratedReport Next(NewsStory story, DateTimeOffset published)
    {
        for (var attempt = 0; ; attempt++)
        {
            var serial = ++_serial;
            var main = story.Articles[_random.Next(story.Articles.Count)];
            var (clean, text) = Compose(story, main, attempt);
            if (!_seenTexts.Add(Fingerprint(clean)))
                continue;

            var outlet = _random.NextDouble() < 0.5 ? main.Outlet : corpus.Outlets[_random.Next(corpus.Outlets.Count)];
            var title = PickTitle(story, main);
            var url = MakeUrl(outlet, main, title, published, serial);
            return new GeneratedReport(story.Id, new RawReport(text, $"generated:{serial}", outlet, title, url, published));
        }
    }

    /// <summary>Picks <paramref name="count"/> distinct stories (a day's events).</summary>
    public IReadOnlyList<NewsStory> PickStories(int count) =>
        corpus.Stories.OrderBy(_ => _random.Next()).Take(Math.Min(count, corpus.Stories.Count)).ToList();

    public double NextDouble() => _random.NextDouble();

    /// <summary>The text without furniture (what the store keeps after cleaning), and the text with it.</summary>
    private (string Clean, string Raw) Compose(NewsStory story, Article main, int attempt)
    {
        var mainSentences = main.Paragraphs.SelectMany(SplitSentences).ToList();
        var body = new List<string>();

        // The lead stays first; the rest of the article is reordered.
        body.Add(mainSentences[0]);
        body.AddRange(Group(Shuffle(mainSentences.Skip(1).ToList())));

        // Other outlets' articles on the same event, each with some probability, sentences reordered.
        foreach (var other in story.Articles.Where(a => !ReferenceEquals(a, main)).OrderBy(_ => _random.Next()))
        {
            if (_random.NextDouble() < 0.7)
                body.AddRange(Group(Shuffle(other.Paragraphs.SelectMany(SplitSentences).ToList())));
        }

        // Background from a related event now and then (always when retrying after a repeat).
        if (_random.NextDouble() < 0.25 || attempt > 0)
        {
            var related = corpus.ByTopic[story.Topic].Where(s => s.Id != story.Id).ToList();
            var source = related.Count > 0 ? related[_random.Next(related.Count)] : corpus.Stories[_random.Next(corpus.Stories.Count)];
            var article = source.Articles[_random.Next(source.Articles.Count)];
            var sentences = article.Paragraphs.SelectMany(SplitSentences).ToList();
            body.Add(string.Join(" ", sentences.Skip(_random.Next(sentences.Count)).Take(2)));
        }

        var varied = Vary(string.Join("\n", body)).Split('\n').ToList();
        var clean = string.Join("\n", varied);

        // Page furniture that ingest must strip: it does not count towards the text being new.
        if (_random.NextDouble() < 0.15 && varied.Count > 1)
            varied.Insert(1 + _random.Next(varied.Count - 1), Furniture[_random.Next(2)]);
        if (_random.NextDouble() < 0.15)
            varied.Add(Furniture[2 + _random.Next(Furniture.Length - 2)]);
        return (clean, string.Join("\n", varied));
    }

    /// <summary>Changes stand-alone numbers (not years, not names like COVID-19) and shifts weekdays, consistently within a report.</summary>
    private string Vary(string text)
    {
        var shift = _random.Next(1, 7);
        text = Weekday().Replace(text, m => Weekdays[(Array.IndexOf(Weekdays, m.Value) + shift) % 7]);
        return Number().Replace(text, m =>
        {
            var grouped = m.Value.Contains(',', StringComparison.Ordinal);
            var value = long.Parse(m.Value.Replace(",", "", StringComparison.Ordinal), CultureInfo.InvariantCulture);
            if (_random.NextDouble() < 0.3)
                return m.Value;
            var changed = value <= 10 ? _random.Next(1, 21) : (long)(value * (0.5 + _random.NextDouble() * 1.5));
            return changed.ToString(grouped ? "#,0" : "0", CultureInfo.InvariantCulture);
        });
    }

    private string PickTitle(NewsStory story, Article main)
    {
        var title = _random.NextDouble() < 0.7 ? main.Title : story.Articles[_random.Next(story.Articles.Count)].Title;
        if (title.Length == 0)
            title = main.Paragraphs[0].Length > 90 ? main.Paragraphs[0][..90] : main.Paragraphs[0];
        return _random.NextDouble() < 0.1 ? "Update: " + title : title;
    }

    private static string MakeUrl(string outlet, Article main, string title, DateTimeOffset published, int serial)
    {
        var host = outlet == main.Outlet && Uri.TryCreate(main.Url, UriKind.Absolute, out var u) ? u.Host : Slug(outlet) + ".example";
        var slug = Slug(title);
        if (slug.Length > 60)
            slug = slug[..60].TrimEnd('-');
        return string.Create(CultureInfo.InvariantCulture, $"https://{host}/{published:yyyy/MM/dd}/{slug}-{serial}");
    }

    private static string Slug(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
                sb.Append(c);
            else if (sb.Length > 0 && sb[^1] != '-')
                sb.Append('-');
        }

        return sb.ToString().Trim('-');
    }

    private List<string> Shuffle(List<string> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = _random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }

        return items;
    }

    /// <summary>Regroups sentences into paragraphs of one to three sentences.</summary>
    private List<string> Group(List<string> sentences)
    {
        var paragraphs = new List<string>();
        for (var i = 0; i < sentences.Count;)
        {
            var n = Math.Min(sentences.Count - i, 1 + _random.Next(3));
            paragraphs.Add(string.Join(" ", sentences.Skip(i).Take(n)));
            i += n;
        }

        return paragraphs;
    }

    private static IEnumerable<string> SplitSentences(string paragraph) =>
        SentenceBreak().Split(paragraph).Select(s => s.Trim()).Where(s => s.Length > 0);

    /// <summary>
    /// A 64-bit FNV-1a hash of the letters and digits, lower-cased (what the store's content hash keeps), to
    /// refuse a repeat without keeping every text in memory.
    /// </summary>
    private static ulong Fingerprint(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var c in text)
        {
            if (!char.IsLetterOrDigit(c))
                continue;
            hash ^= char.ToLowerInvariant(c);
            hash *= 1099511628211UL;
        }

        return hash;
    }

    [GeneratedRegex(@"(?<!\b(?:Gov|Sen|Rep|Reps|Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sgt|Jr|Sr|No|vs|Inc|Co|Corp|Rev|Prof|Jan|Feb|Aug|Sept|Oct|Nov|Dec|U\.S|D\.C|[A-Z])\.)(?<=[.!?][""”’)]?)\s+(?=[""“‘(]?[A-Z0-9])", RegexOptions.CultureInvariant)]
    private static partial Regex SentenceBreak();

    [GeneratedRegex(@"\b(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b", RegexOptions.CultureInvariant)]
    private static partial Regex Weekday();

    [GeneratedRegex(@"(?<![\w.,/:-])(?:\d{1,3}(?:,\d{3})+|\d{1,3})(?![\w/:-]|[.,]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Number();
}
