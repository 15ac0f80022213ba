using System.Collections.Concurrent;

namespace BriefingBot.Core.Storage;

/// <summary>
/// The words of the full-text index that a common prefix term (<c>vaccin*</c>) stands for, kept until the store grows
/// by a hundredth. Both engines answer a prefix by merging the whole posting list of every word it starts before they
/// look at anything else: FTS5 takes ~90 ms for <c>vaccin*</c> at 1,000,000 reports whatever rowid range the query asks
/// for, while the same words asked for one by one are read only where the query needs them (~4 ms); GIN builds one
/// bitmap of every lexeme the prefix starts. Only prefixes the store found common (at the count cap) are kept, and a
/// rare prefix is always searched as a prefix. The words are used where every term must match and in the counts, and
/// on PostgreSQL in a search of the newest part of the store (ts_rank weighs no word by its rarity); not in the search
/// of the rarest terms over the whole store (their postings are few, and FTS5 ranks a prefix as one term but each word
/// by its own rarity, which would put reports with a rare spelling first). SQLite reads the words from FTS5's vocabulary and keeps those with at
/// least a hundredth of the prefix's postings: a word it starts that first appears after they were read (a new
/// spelling) is searched for from the next read. PostgreSQL reads the lexemes from the column's statistics
/// (<c>pg_stats</c>): a lexeme too rare to be listed there is not searched for. Either way what is left out is rare
/// beside a term already in thousands of reports.
/// </summary>
internal sealed class PrefixWords
{
    /// <summary>How much the store may grow before a prefix's words are read again.</summary>
    private const double Growth = 0.01;

    /// <summary>A prefix that starts more words than this stays a prefix (a long OR costs what the merge does).</summary>
    public const int MaxWords = 64;

    /// <summary>At most this many prefixes are kept; all are dropped when it is reached.</summary>
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Kept> _words = new(StringComparer.Ordinal);

    /// <param name="Words">Empty: the prefix starts too many words and is searched as a prefix.</param>
    private sealed record Kept(IReadOnlyList<string> Words, long Reports);

    public bool IsEmpty => _words.IsEmpty;

    /// <summary>
    /// Keeps a prefix's words (the prefix without its <c>*</c>), read when the store's newest report id was
    /// <paramref name="reports"/>; more than <see cref="MaxWords"/> words are kept as "search the prefix".
    /// </summary>
    public void Keep(string prefix, IReadOnlyList<string> words, long reports)
    {
        if (prefix.Length == 0 || words.Count == 0)
            return;
        if (!_words.ContainsKey(prefix) && _words.Count >= Capacity)
            _words.Clear();
        _words[prefix] = new Kept(words.Count <= MaxWords ? words : [], reports);
    }

    /// <summary>Whether the prefix was read within the allowed growth of the store (so it need not be read again).</summary>
    public bool IsFresh(string prefix, long reports) => Fresh(prefix, reports) is not null;

    private Kept? Fresh(string prefix, long reports) =>
        _words.TryGetValue(prefix, out var kept) && reports >= kept.Reports && reports <= kept.Reports * (1 + Growth) ? kept : null;

    /// <summary>The words a prefix term (<c>protest*</c>) is searched as, or null to search it as it is.</summary>
    public IReadOnlyList<string>? WordsOf(string term, long reports) =>
        term.Length > 1 && term.EndsWith('*') && Fresh(term[..^1], reports) is { Words.Count: > 0 } kept ? kept.Words : null;

    /// <summary>The terms with every prefix whose words are fresh replaced by those words.</summary>
    public IReadOnlyList<string> Expand(IReadOnlyList<string> terms, long reports)
    {
        List<string>? expanded = null;
        for (var i = 0; i < terms.Count; i++)
        {
            var term = terms[i];
            if (WordsOf(term, reports) is { } words)
            {
                expanded ??= terms.Take(i).ToList();
                expanded.AddRange(words);
            }
            else
            {
                expanded?.Add(term);
            }
        }

        return expanded is null ? terms : expanded.Distinct(StringComparer.Ordinal).ToList();
    }
}
