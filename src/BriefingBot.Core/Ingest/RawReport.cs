namespace BriefingBot.Core.Ingest;

/// <summary>A report as read from a file, a JSON line or a chat message, before cleaning.</summary>
/// <param name="SourceName">Where it came from, for messages ("000.txt", "bulk.jsonl:17").</param>
/// <param name="FallbackOutlet">The outlet to use when neither metadata nor the text names one (the file name).</param>
/// <param name="Fetched">Read from a web source, not filed by hand (see <see cref="Domain.ReportDraft"/>).</param>
public sealed record RawReport(
    string Text,
    string SourceName,
    string? Outlet = null,
    string? Title = null,
    string? Url = null,
    DateTimeOffset? Published = null,
    string? FallbackOutlet = null,
    string? CommunityId = null,
    bool Fetched = false);
