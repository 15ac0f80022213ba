using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using BriefingBot.Core.Domain;
using BriefingBot.Core.Storage;
using BriefingBot.Core.Stories;
using Microsoft.SemanticKernel;

namespace BriefingBot.Core.Llm;

/// <summary>Whose reports a question may see: the asking chat's active outlets (null: all) and its community (null: the shared pool).</summary>
public sealed record ReportScope(IReadOnlyCollection<string>? Outlets, string? Community);

/// <summary>
/// The retrieval the <see cref="ReportsPlugin"/> searches with: the verbatim quotes that answer <paramref name="query"/>
/// among the reports of <paramref name="outlets"/> (null: all) visible to <paramref name="community"/>, published on or
/// after <paramref name="since"/> (null: any time). This is the one
/// seam between the LLM layer and retrieval: today <see cref="Answers.QuestionAnswerer"/> passes its own extractive
/// retrieval; a new retriever is plugged in by passing its search here.
/// </summary>
public delegate Task<IReadOnlyList<Citation>> QuoteSearch(string query, IReadOnlyCollection<string>? outlets, string? community, DateTimeOffset? since, CancellationToken ct);

/// <summary>
/// The quotes one question has put in front of the model, each under a short id (q1, q2, …) that stays the same for
/// the whole question. It is the answer's material: a statement may cite only a quote in here, with its outlet.
/// </summary>
public sealed class QuoteBook
{
    private readonly List<QuoteRef> _quotes = [];
    private readonly Dictionary<(string, long, string), QuoteRef> _byKey = [];

    public IReadOnlyList<QuoteRef> Quotes => _quotes;

    public QuoteRef Add(Citation citation)
    {
        var key = (citation.Outlet, citation.ReportId, citation.Quote);
        if (_byKey.TryGetValue(key, out var known))
            return known;
        var quote = new QuoteRef($"q{_quotes.Count + 1}", citation);
        _quotes.Add(quote);
        _byKey[key] = quote;
        return quote;
    }
}

/// <summary>
/// The <c>reports</c> plugin of /ask: the model may search the asking chat's reports in its own words and read one of
/// the reports a search found. Everything is scoped to the chat (its outlets, its community); a report id the searches
/// of this question did not return is refused, so the model cannot read reports by guessing ids. Every quote returned
/// goes into the <see cref="QuoteBook"/>, the material the answer is verified against. Bad arguments get a plain message
/// back, never an exception with the store's detail.
/// </summary>
public sealed class ReportsPlugin(QuoteSearch search, IReportStore store, ReportScope scope, QuoteBook book)
{
    /// <summary>Quotes one search returns at most.</summary>
    public const int MaxSearchQuotes = 6;

    /// <summary>Quotes <c>get_report</c> returns at most.</summary>
    public const int MaxReportQuotes = 12;

    private const int MaxQueryLength = 300;

    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly HashSet<long> _seen = [.. book.Quotes.Select(q => q.Citation.ReportId)];

    /// <summary>How many times the model called a tool (for the log).</summary>
    public int Calls { get; private set; }

    [KernelFunction("search_reports")]
    [Description("Searches this chat's stored news reports and returns verbatim quotes that match, each with an id to cite and the outlet that published it. Search again with other words (names, places, synonyms) when a search finds nothing useful.")]
    public async Task<string> SearchReportsAsync(
        [Description("What to look for, in words likely to appear in the reports")] string query,
        [Description("Only reports of this outlet (exact outlet name), optional")] string? outlet = null,
        [Description("Only reports published on or after this date, YYYY-MM-DD, optional")] string? since = null,
        CancellationToken ct = default)
    {
        Calls++;
        query = Text.TextNormalizer.CollapseWhitespace(query ?? "");
        if (query.Length == 0)
            return Error("query is empty: give words to search for");
        if (query.Length > MaxQueryLength)
            return Error($"query is longer than {MaxQueryLength} characters");
        DateTimeOffset? from = null;
        if (!string.IsNullOrWhiteSpace(since))
        {
            if (!DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
                return Error($"since must be a date such as 2026-12-01, not '{Trim(since)}'");
            from = parsed;
        }

        var outlets = scope.Outlets;
        if (!string.IsNullOrWhiteSpace(outlet))
        {
            var known = scope.Outlets?.FirstOrDefault(o => o.Equals(outlet.Trim(), StringComparison.OrdinalIgnoreCase));
            if (scope.Outlets is not null && known is null)
                return Error($"'{Trim(outlet)}' is not one of this chat's sources: {string.Join(", ", scope.Outlets)}");
            outlets = [known ?? outlet.Trim()];
        }

        IReadOnlyList<Citation> found;
        try
        {
            found = await search(query, outlets, scope.Community, from, ct);
        }
        catch (BriefingBotException e)
        {
            return Error(e.Message);
        }

        var quotes = new List<object>();
        foreach (var citation in found)
        {
            if (quotes.Count == MaxSearchQuotes)
                break;
            var report = await store.GetReportAsync(citation.ReportId, ct);
            if (report is null || (from is { } f && report.EffectiveTime < f))
                continue;
            quotes.Add(Describe(book.Add(citation), report));
            _seen.Add(report.Id);
        }

        return JsonSerializer.Serialize(quotes.Count == 0
            ? new { quotes, note = "nothing found; try other words" }
            : (object)new { quotes }, Json);
    }

    [KernelFunction("get_report")]
    [Description("Returns more verbatim quotes of one report that a search returned (by its report id), each with an id to cite.")]
    public async Task<string> GetReportAsync(
        [Description("The report id, as given in a search result's \"report\" field")] long id,
        CancellationToken ct = default)
    {
        Calls++;
        if (!_seen.Contains(id))
            return Error($"report {id} was not returned by a search of this question; search first");
        var report = await store.GetReportAsync(id, ct);
        if (report is null)
            return Error($"report {id} is no longer stored");
        var quotes = ReportAnalyzer.Analyze(report).Sentences.Where(s => s.IsClaim).Take(MaxReportQuotes)
            .Select(s => Describe(book.Add(s.ToCitation()), report)).ToList();
        return JsonSerializer.Serialize(new { report = report.Id, outlet = report.Outlet, title = report.Title, quotes }, Json);
    }

    private static object Describe(QuoteRef quote, Report report) => new
    {
        id = quote.Id,
        outlet = quote.Citation.Outlet,
        attributed_to = quote.Citation.Party,
        quote = quote.Citation.Quote,
        report = report.Id,
        title = report.Title,
        published = report.EffectiveTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
    };

    private static string Error(string message) => JsonSerializer.Serialize(new { error = message }, Json);

    private static string Trim(string s) => s.Length <= 60 ? s : s[..60] + "…";
}
