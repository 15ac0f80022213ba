using BriefingBot.Core.Domain;

namespace BriefingBot.Core.Stories;

/// <summary>
/// Orders the stories of a briefing, most important first, by four signals with simple weights:
/// <list type="bullet">
/// <item>outlets covering the story: <see cref="OutletWeight"/> per outlet (the strongest sign that an event matters);</item>
/// <item>reports: <see cref="ReportWeight"/> × ln(1 + reports), so a tenth report adds less than a second;</item>
/// <item>recency: <see cref="RecencyWeight"/> × ½^(hours between the story's newest report and the briefing's newest / <see cref="HalfLifeHours"/>);</item>
/// <item>disagreement: <see cref="DisagreementWeight"/> per aspect outlets disagree on, at most two (where reading several outlets pays).</item>
/// </list>
/// Ties go to the story whose first report came first, so the order is the same for the same reports.
/// </summary>
public static class StoryRanker
{
    public const double OutletWeight = 1.0;
    public const double ReportWeight = 0.5;
    public const double RecencyWeight = 0.5;
    public const double HalfLifeHours = 12;
    public const double DisagreementWeight = 0.25;
    public const int MaxDisagreementsCounted = 2;

    public static IReadOnlyList<Story> Rank(IReadOnlyList<Story> stories, IReadOnlyList<Report> reports)
    {
        var time = reports.ToDictionary(r => r.Id, r => r.EffectiveTime);
        var newest = time.Count == 0 ? DateTimeOffset.MinValue : time.Values.Max();
        return stories
            .Select(s => (Story: s, Score: Score(s, s.ReportIds.Where(time.ContainsKey).Select(id => time[id]).DefaultIfEmpty(newest).Max(), newest)))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Story.ReportIds.Min())
            .Select(x => x.Story)
            .ToList();
    }

    /// <param name="latest">The story's newest report.</param>
    /// <param name="newest">The briefing's newest report.</param>
    public static double Score(Story story, DateTimeOffset latest, DateTimeOffset newest)
    {
        var ageHours = Math.Max(0, (newest - latest).TotalHours);
        return OutletWeight * story.Outlets.Count
               + ReportWeight * Math.Log(1 + story.ReportIds.Count)
               + RecencyWeight * Math.Pow(0.5, ageHours / HalfLifeHours)
               + DisagreementWeight * Math.Min(story.Disagreements.Count, MaxDisagreementsCounted);
    }
}
