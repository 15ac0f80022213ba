using System.Text.RegularExpressions;

namespace BriefingBot.Bench.Metrics;

/// <summary>ROUGE-1, ROUGE-2 and ROUGE-L F1 of a text against one reference.</summary>
internal sealed record RougeScore(double Rouge1, double Rouge2, double RougeL)
{
    public static readonly RougeScore Zero = new(0, 0, 0);

    public static RougeScore Mean(IEnumerable<RougeScore> scores)
    {
        var list = scores.ToList();
        return list.Count == 0 ? Zero : new RougeScore(list.Average(s => s.Rouge1), list.Average(s => s.Rouge2), list.Average(s => s.RougeL));
    }
}

/// <summary>
/// ROUGE (Lin 2004, https://aclanthology.org/W04-1013/) as the summary bench and its quality gate score it: lower-cased
/// <c>[a-z0-9]+</c> tokens, no stemming, no stopword removal; ROUGE-N from clipped n-gram counts, ROUGE-L from the
/// longest common subsequence; each the F1 of precision and recall. The corpus gate links this file, so both score the same way.
/// </summary>
internal static partial class Rouge
{
    public static IReadOnlyList<string> Tokens(string text) => Token().Matches(text.ToLowerInvariant()).Select(m => m.Value).ToList();

    public static RougeScore Score(string candidate, string reference) => Score(Tokens(candidate), Tokens(reference));

    public static RougeScore Score(IReadOnlyList<string> candidate, IReadOnlyList<string> reference) =>
        new(NGram(candidate, reference, 1), NGram(candidate, reference, 2), Lcs(candidate, reference));

    public static double NGram(IReadOnlyList<string> candidate, IReadOnlyList<string> reference, int n)
    {
        var c = Counts(candidate, n);
        var r = Counts(reference, n);
        var overlap = c.Sum(kv => Math.Min(kv.Value, r.GetValueOrDefault(kv.Key)));
        return F1(overlap, c.Values.Sum(), r.Values.Sum());
    }

    public static double Lcs(IReadOnlyList<string> candidate, IReadOnlyList<string> reference)
    {
        if (candidate.Count == 0 || reference.Count == 0)
            return 0;
        var previous = new int[reference.Count + 1];
        var current = new int[reference.Count + 1];
        foreach (var token in candidate)
        {
            for (var j = 1; j <= reference.Count; j++)
                current[j] = token == reference[j - 1] ? previous[j - 1] + 1 : Math.Max(previous[j], current[j - 1]);
            (previous, current) = (current, previous);
        }

        return F1(previous[reference.Count], candidate.Count, reference.Count);
    }

    private static Dictionary<string, int> Counts(IReadOnlyList<string> tokens, int n)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i + n <= tokens.Count; i++)
        {
            var gram = n == 1 ? tokens[i] : string.Join(' ', tokens.Skip(i).Take(n));
            counts[gram] = counts.GetValueOrDefault(gram) + 1;
        }

        return counts;
    }

    private static double F1(int overlap, int candidate, int reference)
    {
        if (overlap == 0 || candidate == 0 || reference == 0)
            return 0;
        double p = (double)overlap / candidate, r = (double)overlap / reference;
        return 2 * p * r / (p + r);
    }

    [GeneratedRegex("[a-z0-9]+")]
    private static partial Regex Token();
}
