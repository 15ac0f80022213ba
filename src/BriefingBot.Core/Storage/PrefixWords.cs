using System.Collections.Concurrent;

namespace BriefingBot.Core.Storage;

/// <summary>
/// The words of the full-text index that a common prefix term (<c>vaccin*</c>) stands for, kept until the store grows
/// by a hundredth. FTS5 answers a prefix term by merging the whole posting list of every word it starts before it looks
/// at anything else (~90 ms for <c>vaccin*</c> at 1,000,000 reports, whatever rowid range the query asks for), while the
/// same words asked for one by one are read only where the query needs them (~4 ms). Only prefixes the store counted as
/// common (at the count cap) are kept: a word they start that first appears after they were read (a new spelling) is
/// not searched for until they are read again, which changes little for a term already in thousands of reports; a rare
/// prefix is always searched as a prefix.
/// </summary>
internal sealed class PrefixWords
{
    /// <summary>How much the store may grow before a prefix's words are read again.</summary>
    private const double Growth = 0.01;

    /// <summary>A prefix that starts more words than this stays a prefix (a long OR costs what the merge does).</summary>
    public const int MaxWords = 64;

    /// <summary>At most this many prefixes are kept; all are dropped when it is reached.</summary>
    private const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, (IReadOnlyList<string> Words, long Reports)> _words = new(StringComparer.Ordinal);

    public bool IsEmpty => _words.IsEmpty;

    /// <summary>Keeps a prefix's words (without its <c>*</c>), read when the store's newest report id was <paramref name="reports"/>.</summary>
    public void Keep(string prefix, IReadOnlyList<string> words, long reports)
    {
        if (_words.Count >= Capacity)
            _words.Clear();
        _words[prefix] = (words, reports);
    }

    /// <summary>Whether the prefix's words are kept and were read within the allowed growth of the store.</summary>
    public bool IsFresh(string prefix, long reports) =>
        _words.TryGetValue(prefix, out var kept) && reports >= kept.Reports && reports <= kept.Reports * (1 + Growth);

    /// <summary>The terms with every prefix whose words are fresh replaced by those words.</summary>
    public IReadOnlyList<string> Expand(IReadOnlyList<string> terms, long reports)
    {
        List<string>? expanded = null;
        for (var i = 0; i < terms.Count; i++)
        {
            var term = terms[i];
            var prefix = term.EndsWith('*') ? term[..^1] : null;
            if (prefix is not null && IsFresh(prefix, reports) && _words.TryGetValue(prefix, out var kept))
            {
                expanded ??= terms.Take(i).ToList();
                expanded.AddRange(kept.Words);
            }
            else
            {
                expanded?.Add(term);
            }
        }

        return expanded is null ? terms : expanded.Distinct(StringComparer.Ordinal).ToList();
    }
}
