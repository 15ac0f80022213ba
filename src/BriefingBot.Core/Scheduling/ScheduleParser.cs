using System.Globalization;
using System.Text.RegularExpressions;
using BriefingBot.Core.Text;

namespace BriefingBot.Core.Scheduling;

/// <summary>
/// Reads "/schedule set 08:00 18:30 Europe/Istanbul only BBC, Reuters": times of day (24-hour "08:00", or "8am",
/// "8:30pm"), an optional IANA time zone (a fixed UTC offset is accepted as an Etc/GMT zone, with a note that it
/// ignores daylight saving time), and optionally "only" with the outlets to include. Every mistake is a
/// <see cref="BriefingBotException"/> whose message names a working example.
/// </summary>
public static partial class ScheduleParser
{
    public const string Example = "/schedule set 08:00 Europe/Istanbul";

    public static string Format(TimeOnly time) => time.ToString("HH:mm", CultureInfo.InvariantCulture);

    /// <param name="arguments">The words after "/schedule set".</param>
    /// <param name="fallbackZone">The zone when none is given (the chat's current one, else the configured default).</param>
    public static ScheduleRequest Parse(string arguments, string fallbackZone, int maxTimes)
    {
        var text = arguments.Trim();
        IReadOnlyList<string>? outlets = null;
        var only = OnlyKeyword().Match(text);
        if (only.Success)
        {
            // Names separated by commas or one per line ("only\nThe Moscow Times\nReuters").
            outlets = text[(only.Index + only.Length)..].Split([',', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(TextNormalizer.CleanName).Where(n => n.Length > 0)
                .Distinct(StringComparer.OrdinalIgnoreCase).ToList();
            if (outlets.Count == 0)
                throw new BriefingBotException("Name the sources after \"only\", separated by commas: /schedule set 08:00 Europe/Berlin only BBC, Reuters");
            text = text[..only.Index].Trim();
        }

        var times = new SortedSet<TimeOnly>();
        string? zoneWord = null;
        foreach (var word in text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (TryParseTime(word, out var time))
                times.Add(time);
            else if (LooksLikeTime(word))
                throw new BriefingBotException($"{Shorten(word)} is not a time of day. Use 24-hour HH:MM (00:00 to 23:59) or 8am / 8:30pm, e.g. {Example}");
            else if (zoneWord is null)
                zoneWord = word;
            else
                throw new BriefingBotException($"I read {Shorten(zoneWord)} as the time zone, so I don't know what {Shorten(word)} is. Example: {Example}");
        }

        if (times.Count == 0)
            throw new BriefingBotException($"Give at least one time of day, e.g. {Example} (several: /schedule set 08:00 18:30 Europe/Istanbul).");
        if (times.Count > maxTimes)
            throw new BriefingBotException($"At most {maxTimes} briefings a day; you gave {times.Count} times.");
        var (zone, note) = zoneWord is null ? (fallbackZone, null) : ResolveZone(zoneWord);
        return new ScheduleRequest(times.ToList(), zone, outlets, note);
    }

    /// <summary>An IANA zone id as the system knows it, or a fixed offset as Etc/GMT∓N; otherwise a clear refusal.</summary>
    public static (string Zone, string? Note) ResolveZone(string word)
    {
        if (word.Equals("UTC", StringComparison.OrdinalIgnoreCase) || word.Equals("GMT", StringComparison.OrdinalIgnoreCase) || word == "Z")
            return ("Etc/UTC", null);
        var offset = OffsetPattern().Match(word);
        if (offset.Success)
        {
            var hours = int.Parse(offset.Groups["h"].Value, CultureInfo.InvariantCulture);
            var minutes = offset.Groups["m"].Success ? int.Parse(offset.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
            var sign = offset.Groups["sign"].Value is "-" or "−" ? -1 : 1;
            if (minutes != 0 || hours > 14 || (sign < 0 && hours > 12))
                throw new BriefingBotException($"{Shorten(word)} is an offset I can't store as a zone. Use the place's IANA zone instead, e.g. Asia/Kolkata for UTC+05:30 or America/St_Johns for UTC-03:30.");
            if (hours == 0)
                return ("Etc/UTC", null);
            // IANA's Etc/GMT zones have the sign inverted: Etc/GMT-3 is UTC+3 (https://data.iana.org/time-zones/tz-link.html).
            var id = $"Etc/GMT{(sign > 0 ? "-" : "+")}{hours}";
            return (id, $"{word} is a fixed offset ({id}): it does not follow daylight saving time. For local time all year, use the place's zone, e.g. Europe/Istanbul.");
        }

        if (TryFindZone(word, out var found))
        {
            // EST, MST, HST, Etc/GMT+5: fixed offsets under a zone's name; say so, as for an offset.
            var fixedOffset = !word.Contains('/', StringComparison.Ordinal) || found.StartsWith("Etc/", StringComparison.Ordinal);
            return fixedOffset && !FindZone(found).SupportsDaylightSavingTime && found is not "Etc/UTC" and not "UTC"
                ? (found, $"{word} is a fixed offset: it does not follow daylight saving time. For local time all year, use the place's zone, e.g. America/New_York.")
                : (found, null);
        }
        throw new BriefingBotException($"Unknown time zone {Shorten(word)}. Use an IANA zone such as Europe/Istanbul, America/New_York or Asia/Tokyo, e.g. {Example}");
    }

    /// <summary>The zone for <paramref name="id"/>, case-insensitively; a Windows id is mapped to its IANA id.</summary>
    public static bool TryFindZone(string id, out string canonical)
    {
        canonical = "";
        if (id.Length is 0 or > 64 || id.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)) || id.Contains("..", StringComparison.Ordinal))
            return false;
        if (TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) && zone.HasIanaId)
        {
            canonical = zone.Id;
            return true;
        }

        var known = KnownZones.Value.FirstOrDefault(z => z.Equals(id, StringComparison.OrdinalIgnoreCase));
        if (known is not null)
        {
            canonical = known;
            return true;
        }

        if (TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out var iana))
        {
            canonical = iana;
            return true;
        }

        return false;
    }

    public static TimeZoneInfo FindZone(string id) => TimeZoneInfo.FindSystemTimeZoneById(id);

    private static readonly Lazy<string[]> KnownZones = new(() => TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).ToArray());

    public static bool TryParseTime(string word, out TimeOnly time)
    {
        time = default;
        var m = TimePattern().Match(word);
        if (!m.Success)
            return false;
        var hour = int.Parse(m.Groups["h"].Value, CultureInfo.InvariantCulture);
        var minute = m.Groups["m"].Success ? int.Parse(m.Groups["m"].Value, CultureInfo.InvariantCulture) : 0;
        if (m.Groups["ampm"].Success)
        {
            if (hour is < 1 or > 12)
                return false;
            var pm = m.Groups["ampm"].Value.StartsWith('p') || m.Groups["ampm"].Value.StartsWith('P');
            hour = hour % 12 + (pm ? 12 : 0);
        }
        else if (!m.Groups["m"].Success)
        {
            return false;
        }

        if (hour > 23 || minute > 59)
            return false;
        time = new TimeOnly(hour, minute);
        return true;
    }

    private static bool LooksLikeTime(string word) => word.Length > 0 && char.IsAsciiDigit(word[0]);

    private static string Shorten(string word) => word.Length > 40 ? "\"" + word[..40] + "…\"" : "\"" + word + "\"";

    [GeneratedRegex(@"^(?<h>\d{1,2})(?::(?<m>\d{2}))?\s*(?<ampm>[aApP]\.?[mM]\.?)?$")]
    private static partial Regex TimePattern();

    [GeneratedRegex(@"^(?:UTC|GMT)?(?<sign>[+\-−])(?<h>\d{1,2})(?::?(?<m>\d{2}))?$", RegexOptions.IgnoreCase)]
    private static partial Regex OffsetPattern();

    [GeneratedRegex(@"(?:^|\s)only(?:\s+|$)", RegexOptions.IgnoreCase)]
    private static partial Regex OnlyKeyword();
}
