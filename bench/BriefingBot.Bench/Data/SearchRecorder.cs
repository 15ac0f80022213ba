using System.Diagnostics;
using System.Reflection;
using BriefingBot.Core.Storage;

namespace BriefingBot.Bench.Data;

/// <summary>
/// Wraps a store and remembers its last search: the terms (so the bare FTS5 query runs exactly the same
/// OR-of-terms) and how long it took (so an ask splits into search and the rest). A dispatch proxy rather
/// than a hand-written decorator, so that the bench keeps compiling while <see cref="IReportStore"/> grows.
/// </summary>
internal class SearchRecorder : DispatchProxy
{
    private IReportStore _inner = null!;

    public IReadOnlyList<string> LastTerms { get; private set; } = [];

    public double LastSearchMilliseconds { get; private set; }

    public IReadOnlyList<SearchHit> LastHits { get; private set; } = [];

    /// <summary>The FTS5 query the SQLite store ran for the last search (an AND of groups for SearchAllAsync).</summary>
    public string LastQuery { get; private set; } = "";

    /// <summary>How long the term counts before the search took (ReportSearch asks for them first).</summary>
    public double LastCountMilliseconds { get; private set; }

    public static (IReportStore Store, SearchRecorder Recorder) Wrap(IReportStore inner)
    {
        var proxy = Create<IReportStore, SearchRecorder>();
        var recorder = (SearchRecorder)(object)proxy;
        recorder._inner = inner;
        return (proxy, recorder);
    }

    /// <summary>
    /// The store's own query builder (internal <c>SqliteReportStore.FtsQuery</c>), found by reflection so the bench
    /// does not break if it is renamed; null when it is not there.
    /// </summary>
    private static readonly Func<IReadOnlyList<string>, string>? StoreQuery =
        typeof(SqliteReportStore).GetMethod("FtsQuery", BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic, [typeof(IReadOnlyList<string>)])
            ?.CreateDelegate<Func<IReadOnlyList<string>, string>>();

    /// <summary>Where the bare query comes from, for the table.</summary>
    public static string QuerySource => StoreQuery is null ? "the bench's copy of the store's OR-of-terms" : "SqliteReportStore.FtsQuery";

    /// <summary>The FTS5 query the SQLite store builds from the terms: each quoted, a trailing * kept outside the quotes as a prefix, joined with OR.</summary>
    public static string FtsQuery(IReadOnlyList<string> terms) =>
        StoreQuery?.Invoke(terms) ?? string.Join(" OR ", terms
            .Select(t => (Word: t.TrimEnd('*').Replace("\"", "", StringComparison.Ordinal).Trim(), Prefix: t.EndsWith('*')))
            .Where(t => t.Word.Length > 0)
            .Select(t => "\"" + t.Word + "\"" + (t.Prefix ? "*" : "")));

    public void Reset()
    {
        LastTerms = [];
        LastSearchMilliseconds = 0;
        LastHits = [];
        LastQuery = "";
        LastCountMilliseconds = 0;
    }

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.Name == nameof(IReportStore.CountMatchesAsync))
        {
            var started = Stopwatch.GetTimestamp();
            var counted = targetMethod.Invoke(_inner, BindingFlags.DoNotWrapExceptions, null, args, null);
            return counted is Task<TermCounts> counting ? TimeCountAsync(counting, started) : counted;
        }

        if (targetMethod.Name == nameof(IReportStore.SearchAsync))
        {
            LastTerms = (args?[0] as IEnumerable<string>)?.ToList() ?? [];
            LastQuery = FtsQuery(LastTerms);
        }
        else if (targetMethod.Name == nameof(IReportStore.SearchAllAsync))
        {
            var groups = (args?[0] as IEnumerable<IReadOnlyList<string>>)?.ToList() ?? [];
            LastTerms = groups.SelectMany(g => g).ToList();
            LastQuery = string.Join(" AND ", groups.Select(g => "(" + FtsQuery(g) + ")"));
        }
        else
        {
            return targetMethod.Invoke(_inner, BindingFlags.DoNotWrapExceptions, null, args, null);
        }

        var start = Stopwatch.GetTimestamp();
        var result = targetMethod.Invoke(_inner, BindingFlags.DoNotWrapExceptions, null, args, null);
        return result is Task<IReadOnlyList<SearchHit>> task ? TimeAsync(task, start) : result;
    }

    private async Task<TermCounts> TimeCountAsync(Task<TermCounts> task, long start)
    {
        var counts = await task;
        LastCountMilliseconds += Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return counts;
    }

    private async Task<IReadOnlyList<SearchHit>> TimeAsync(Task<IReadOnlyList<SearchHit>> task, long start)
    {
        var hits = await task;
        LastSearchMilliseconds += Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        LastHits = hits;
        return hits;
    }
}
