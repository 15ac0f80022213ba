using System.Text.Json;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Ingest;

namespace BriefingBot.Tests.Support;

/// <summary>
/// The stories of ../shared/data/allsides-dev/stories.jsonl as the corpus gates read them (one reader for all of them).
/// Fails the calling test with the data's location when it is missing (<see cref="SharedData.Require"/>).
/// </summary>
public static class AllsidesDev
{
    /// <summary>One outlet's article on a story: its outlet, headline and body paragraphs as the file has them.</summary>
    public sealed record Side(string? Outlet, string? Title, IReadOnlyList<string?> Paragraphs);

    /// <param name="Issue">The story's headline as AllSides gives it.</param>
    /// <param name="Roundup">The first non-empty paragraph of the editors' roundup, trimmed; null when there is none.</param>
    /// <param name="Sides">The outlets' articles that have a body array.</param>
    public sealed record Story(int Id, DateTimeOffset Date, string? Issue, string? Roundup, IReadOnlyList<Side> Sides);

    public static IEnumerable<Story> Stories()
    {
        foreach (var line in File.ReadLines(SharedData.Require("data/allsides-dev/stories.jsonl")))
        {
            using var doc = JsonDocument.Parse(line);
            var story = doc.RootElement;
            var date = DateTimeOffset.Parse(story.GetProperty("date").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
            var roundup = story.TryGetProperty("roundup", out var r) && r.ValueKind == JsonValueKind.Array
                ? r.EnumerateArray().Select(p => p.GetString()?.Trim() ?? "").FirstOrDefault(p => p.Length > 0)
                : null;
            var sides = new List<Side>();
            foreach (var side in story.GetProperty("news").EnumerateObject())
            {
                if (side.Value.ValueKind != JsonValueKind.Object || !side.Value.TryGetProperty("newBody", out var body) || body.ValueKind != JsonValueKind.Array)
                    continue;
                sides.Add(new Side(side.Value.GetProperty("newsSource").GetString(), side.Value.GetProperty("newsTitle").GetString(),
                    body.EnumerateArray().Select(p => p.GetString()).ToList()));
            }

            yield return new Story(story.GetProperty("id").GetInt32(), date, story.TryGetProperty("issue", out var issue) ? issue.GetString() : null, roundup, sides);
        }
    }

    /// <summary>The paragraphs as they are, one per line (what the bench and most gates ingest).</summary>
    public static string Body(Side side) => string.Join("\n", side.Paragraphs);

    /// <summary>A prepared report of each article with a body (ids from 1 in file order), and the story each belongs to.</summary>
    public static (List<Report> Reports, Dictionary<long, int> Gold) Reports(Func<Side, string>? body = null)
    {
        var reports = new List<Report>();
        var gold = new Dictionary<long, int>();
        long id = 1;
        foreach (var story in Stories())
        {
            foreach (var side in story.Sides)
            {
                var text = (body ?? Body)(side);
                if (string.IsNullOrWhiteSpace(text))
                    continue;
                var draft = ReportPreparer.Prepare(new RawReport(text, "allsides", side.Outlet, side.Title, null, story.Date));
                reports.Add(new Report(id, draft.Outlet, null, draft.Title, draft.Published, story.Date, draft.Language, draft.Text, draft.ContentHash));
                gold[id++] = story.Id;
            }
        }

        return (reports, gold);
    }
}
