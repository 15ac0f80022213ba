using BriefingBot.Core.Domain;
using BriefingBot.Core.Ingest;
using BriefingBot.Core.Storage;
using BriefingBot.Core.Text;

namespace BriefingBot.Tests.Support;

/// <summary>The three seed reports the product was designed from (samples/reports, copied beside the tests).</summary>
public static class Samples
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "samples", "reports");

    public static string MoscowTimes => Path.Combine(Folder, "000_438e29d1a6d894ed.txt");

    public static string Car002 => Path.Combine(Folder, "002_b8c5f92c0bf04987.txt");

    public static string Airstrike004 => Path.Combine(Folder, "004_2c43226ff16011e8.txt");

    public static string Outlet002 => "002_b8c5f92c0bf04987";

    public static string Outlet004 => "004_2c43226ff16011e8";

    /// <summary>The seeds as stored reports (ids 1, 2, 3), prepared exactly as ingest prepares them.</summary>
    public static IReadOnlyList<Report> Reports()
    {
        var reader = new ReportFileReader(new IngestOptions());
        var problems = new List<IngestProblem>();
        long id = 1;
        return new[] { MoscowTimes, Car002, Airstrike004 }
            .SelectMany(p => reader.Read(p, problems))
            .Select(ReportPreparer.Prepare)
            .Select(d => new Report(id++, d.Outlet, d.Url, d.Title, d.Published, new DateTimeOffset(2020, 7, 14, 12, 0, 0, TimeSpan.Zero), d.Language, d.Text, d.ContentHash))
            .ToList();
    }

    public static Report Report(long id, string outlet, string text, string? title = null, DateTimeOffset? published = null, string? url = null) =>
        new(id, outlet, url, title, published ?? new DateTimeOffset(2024, 3, 1, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 3, 1, 10, 0, 0, TimeSpan.Zero), "en", text, TextNormalizer.ContentHash(text));

    public static ReportDraft Draft(string outlet, string text, string? url = null, DateTimeOffset? published = null, string? title = null) =>
        new(outlet, url, title, published, "en", text, TextNormalizer.ContentHash(text));
}
