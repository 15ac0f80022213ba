using System.Text.RegularExpressions;

namespace BriefingBot.Core.Ingest;

/// <summary>
/// Recognises the page furniture that scrapers and copy-paste carry into report text: donation appeals,
/// newsletter and comment widgets, share lines, embedded tweets. Such text must never become a claim or a
/// quote, so it is cut before anything is stored or analysed.
/// </summary>
public static partial class Boilerplate
{
    /// <summary>Lines that start a trailing block of furniture: they and everything after them go.</summary>
    [GeneratedRegex(
        @"^(A Message from\b|Dear (readers|reader|friends)\b|Subscribe to (our|the) newsletter|Sign up (here |now |today )?(to|for)\b|Notify of\b|Inline Feedbacks|View all comments|Would love your thoughts|Remind me later|Support (us|our (work|journalism))|Related (articles|stories|coverage)\b|Read (more|next)\s*:?$|Most (read|popular)\s*:?$|Recommended (for you|stories)|Leave a (comment|reply)|\d+ comments?$|Comments?\s*\(\d+\)|We use cookies\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TailStart();

    /// <summary>Embedded tweets and share/follow lines: furniture wherever they stand.</summary>
    [GeneratedRegex(
        @"(pic\.twitter\.com/|—\s*[^—\n]{1,80}\(@\w{1,30}\)\s+\w+\s+\d{1,2},\s+\d{4}|^\s*(Share|Tweet|Email|Print|Copy link)( (this|on|article|via).{0,60})?\s*$|^\s*Follow us on\b|^\s*(Click|Tap) here\b|^\s*Advertisement\s*$|^\s*(Remind me later|Notify of|Inline Feedbacks|View all comments)\.?\s*$)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline)]
    private static partial Regex JunkLine();

    /// <summary>
    /// Appeals (donate, subscribe, become a member) only count at the start of a short line: "Ukraine wants to
    /// become a member of NATO" and "countries that subscribe to the treaty" are news.
    /// </summary>
    [GeneratedRegex(
        @"^\s*(please (support|donate|consider (supporting|donating|subscribing))|make a (donation|contribution)|support us( (monthly|today|now))?\b|become a (member|patron|subscriber|supporter)\b|subscribe (now|today|here|to (our|the) (newsletter|channel|podcast))|donate (now|today)|your support\b)",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AppealLine();

    private const int MaxAppealLength = 300;

    /// <summary>Removes furniture from paragraph-split text; returns the paragraphs that remain.</summary>
    public static IReadOnlyList<string> Strip(IReadOnlyList<string> paragraphs)
    {
        var kept = new List<string>(paragraphs.Count);
        for (var i = 0; i < paragraphs.Count; i++)
        {
            var p = paragraphs[i].Trim();
            if (p.Length == 0)
                continue;
            // A trailing block only counts in the back part of a text: an article that opens with
            // "Dear readers" is a letter, not an appeal.
            if (TailStart().IsMatch(p) && (i >= paragraphs.Count / 3 || kept.Count >= 3))
                break;
            if (IsJunk(p))
                continue;
            kept.Add(p);
        }

        return kept;
    }

    /// <summary>Whether one line or sentence is furniture.</summary>
    public static bool IsJunk(string text) =>
        JunkLine().IsMatch(text) || (text.Length < MaxAppealLength && AppealLine().IsMatch(text)) || (text.Length < 80 && TailStart().IsMatch(text.Trim()));
}
