using System.Text.RegularExpressions;

namespace BriefingBot.Core.Ingest;

/// <summary>Finds the outlet that names itself in a report's text ("A Message from The Moscow Times").</summary>
public static partial class OutletDetector
{
    [GeneratedRegex(
        @"(?:^|\n|\.\s)\s*(?:A (?:Message|Note|Letter) from|By supporting|journalists of|©\s*(?:\d{4}\s+)?|Copyright\s+(?:©\s*)?(?:\d{4}\s+)?)\s*(?<name>(?:The\s+)?\p{Lu}[\p{L}&.'’-]*(?:\s+(?:of\s+|the\s+)?\p{Lu}[\p{L}&.'’-]*){0,5})",
        RegexOptions.CultureInvariant)]
    private static partial Regex SelfNaming();

    private static readonly HashSet<string> NotOutlets = new(StringComparer.OrdinalIgnoreCase)
    {
        "Us", "Our", "The", "Independent", "Dear", "All", "Rights", "Reserved",
    };

    public static string? Detect(string rawText)
    {
        foreach (Match m in SelfNaming().Matches(rawText))
        {
            var name = m.Groups["name"].Value;
            // "Copyright 2024 Reuters. All rights reserved." ends the name at the full stop.
            var stop = name.IndexOf(". ", StringComparison.Ordinal);
            if (stop > 0)
                name = name[..stop];
            name = name.Trim().TrimEnd('.', ':', ',');
            var first = name.Split(' ')[0];
            if (name.Length >= 2 && !NotOutlets.Contains(name) && (first == "The" || !NotOutlets.Contains(first)))
                return name;
        }

        return null;
    }
}
