using BriefingBot.Core.Domain;

namespace BriefingBot.Core.Stories;

/// <summary>Names a story: the headline of its most central report, else its leading claim, shortened.</summary>
public static class StoryTitler
{
    private const int MaxLength = 120;

    public static string Title(IReadOnlyList<AnalyzedReport> cluster, IReadOnlyList<Claim> claims)
    {
        var titled = cluster.Where(r => !string.IsNullOrWhiteSpace(r.Report.Title)).ToList();
        if (titled.Count > 0)
        {
            // The headline sharing most words with the other headlines and texts.
            var best = titled
                .OrderByDescending(r => cluster.Where(o => o != r).Sum(o => r.TermCounts.Keys.Count(o.TermCounts.ContainsKey)))
                .ThenBy(r => r.Report.Title!.Length)
                .First();
            return Shorten(best.Report.Title!);
        }

        // No headline: the lede of the most central report, which usually states the event.
        var central = cluster
            .OrderByDescending(r => cluster.Where(o => o != r).Sum(o => r.TermCounts.Keys.Count(o.TermCounts.ContainsKey)))
            .ThenBy(r => r.Report.Id)
            .First();
        var lead = central.Sentences.FirstOrDefault(s => s.IsClaim)?.Text ?? claims.FirstOrDefault()?.Text ?? central.Sentences.FirstOrDefault()?.Text ?? "Untitled report";
        return Shorten(lead.TrimEnd('.'));
    }

    public static string Shorten(string text)
    {
        if (text.Length <= MaxLength)
            return text;
        var cut = text.LastIndexOf(' ', MaxLength - 1);
        return (cut > 40 ? text[..cut] : text[..(MaxLength - 1)]).TrimEnd(',', ';', ':') + "…";
    }
}
