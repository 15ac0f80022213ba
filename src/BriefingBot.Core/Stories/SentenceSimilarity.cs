using BriefingBot.Core.Text;

namespace BriefingBot.Core.Stories;

/// <summary>How much two sentences say the same thing: IDF-weighted term overlap, plus shared counts and sources.</summary>
public static class SentenceSimilarity
{
    /// <summary>Whether two sentences speak of the same thing at all (for disagreements): overlap plus shared counts.</summary>
    public static double Relatedness(AnalyzedSentence a, AnalyzedSentence b, TermWeights weights)
    {
        var score = Overlap(a, b, weights);
        if (score > 0 && a.Facts.Counts.Any(x => b.Facts.Counts.Any(y => y.Value == x.Value && y.Head == x.Head)))
            score += 0.1;
        return score;
    }

    /// <summary>Whether two sentences make the same claim: relatedness, adjusted for who they credit.</summary>
    public static double Score(AnalyzedSentence a, AnalyzedSentence b, TermWeights weights) =>
        Score(a, b, Relatedness(a, b, weights));

    public static double Score(AnalyzedSentence a, AnalyzedSentence b, double relatedness)
    {
        var score = relatedness;
        if (score == 0)
            return 0;
        // A claim is a statement by someone: the same party saying it pulls two sentences together,
        // two different named parties push them apart.
        if (a.AttributedTo is { } pa && b.AttributedTo is { } pb)
            score += SameParty(pa, pb) ? 0.1 : -0.1;
        return score;
    }

    /// <summary>IDF-weighted cosine of the two sentences' term sets.</summary>
    public static double Overlap(AnalyzedSentence a, AnalyzedSentence b, TermWeights weights)
    {
        double shared = 0, wa = 0, wb = 0;
        foreach (var t in a.Terms)
        {
            var w = weights.Idf(t);
            wa += w * w;
            if (b.Terms.Contains(t))
                shared += w * w;
        }

        foreach (var t in b.Terms)
        {
            var w = weights.Idf(t);
            wb += w * w;
        }

        if (wa == 0 || wb == 0)
            return 0;
        return shared / Math.Sqrt(wa * wb);
    }

    /// <summary>Whether two attributions name the same party ("Russia's reconciliation center" and "Russian Reconciliation Center for Syria").</summary>
    public static bool SameParty(string a, string b)
    {
        var ta = Tokenizer.ContentTerms(a).ToHashSet();
        var tb = Tokenizer.ContentTerms(b).ToHashSet();
        if (ta.Count == 0 || tb.Count == 0)
            return false;
        var common = ta.Intersect(tb).Count();
        return common >= 2 || (common == 1 && Math.Min(ta.Count, tb.Count) == 1);
    }
}
