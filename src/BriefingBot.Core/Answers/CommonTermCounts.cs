using System.Collections.Concurrent;
using BriefingBot.Core.Storage;

namespace BriefingBot.Core.Answers;

/// <summary>
/// The store's counts of a query's terms, with the counts of common terms kept until the store grows by a hundredth.
/// A common term's count is an estimate anyway (past the count cap the store extrapolates), and counting it is what costs:
/// on SQLite a prefix term (<c>presid*</c>) merges the postings of every word it starts, ~30 ms at 1,000,000 reports,
/// for each question that has it. A term below the cap is counted afresh every time, so a word that just started to
/// appear in new reports (today's place name) is never judged by an old count.
/// </summary>
internal sealed class CommonTermCounts(IReportStore store, int cap)
{
    /// <summary>How much the store may grow before a kept count is counted again.</summary>
    private const double Growth = 0.01;

    /// <summary>At most this many kept counts; all are dropped when it is reached (they are cheap to count again).</summary>
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, (long Documents, long Reports)> _common = new(StringComparer.Ordinal);

    public async Task<TermCounts> CountAsync(IReadOnlyList<IReadOnlyList<string>> groups, CancellationToken ct)
    {
        var keys = groups.Select(g => string.Join('\u001f', g)).ToList();
        var documents = new long[groups.Count];
        var missing = Enumerable.Range(0, groups.Count).ToList();
        long total = 0;
        if (keys.Any(_common.ContainsKey))
        {
            total = await store.MaxReportIdAsync(ct);
            missing.Clear();
            for (var i = 0; i < groups.Count; i++)
            {
                if (_common.TryGetValue(keys[i], out var kept) && total >= kept.Reports && total <= kept.Reports * (1 + Growth))
                    documents[i] = kept.Documents;
                else
                    missing.Add(i);
            }

            if (missing.Count == 0)
                return new TermCounts(total, documents);
        }

        var counted = await store.CountMatchesAsync(missing.Select(i => groups[i]).ToList(), cap, ct);
        for (var k = 0; k < missing.Count; k++)
        {
            var i = missing[k];
            documents[i] = counted.Documents[k];
            if (counted.Documents[k] < cap)
                continue;
            if (_common.Count >= Capacity)
                _common.Clear();
            _common[keys[i]] = (counted.Documents[k], counted.Reports);
        }

        return new TermCounts(counted.Reports, documents);
    }
}
