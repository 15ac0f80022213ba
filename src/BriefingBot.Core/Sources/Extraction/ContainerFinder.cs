using AngleSharp.Dom;

namespace BriefingBot.Core.Sources.Extraction;

/// <summary>
/// The first strategy, Readability's: every paragraph scores its parent and grandparent by its length and commas;
/// class and id names that say "article"/"content" or "comment"/"sidebar" move scores; link density scales them;
/// the best-scoring container is the article's.
/// </summary>
internal static class ContainerFinder
{
    /// <summary>
    /// How many runners-up, each scoring at least three quarters of the best container and lying outside it, make
    /// their common ancestor with it the article. Readability.js takes 3; 1 read one dev page whole that 3 cut in half
    /// but lost another page entirely, and in cross-validation it was selected on the folds with the first and failed
    /// on the fold with the second, so it is not tuned.
    /// </summary>
    private const int SplitRivals = 3;

    /// <summary>The element that holds the article; null when no paragraph scored.</summary>
    public static IElement? Find(IElement body, ExtractionSettings settings)
    {
        var scores = new Dictionary<IElement, double>();
        // Paragraphs, and containers that hold text themselves (text with <br>s instead of <p>s), as Readability turns such a div into a p.
        var paragraphs = body.QuerySelectorAll("p, pre, td, blockquote").AsEnumerable();
        var textHolders = body.QuerySelectorAll("div, section, article").Where(e => ElementText.OwnText(e).Length >= 100);
        foreach (var paragraph in paragraphs.Concat(textHolders))
        {
            var text = paragraph.LocalName is "div" or "section" or "article" ? ElementText.OwnText(paragraph) : ElementText.Collapse(paragraph.TextContent);
            if (text.Length < 25 || paragraph.ParentElement is not { } parent)
                continue;
            var score = 1 + text.Count(c => c == ',') + Math.Min(text.Length / 100.0, 3);
            AddScore(scores, parent, score, settings);
            if (parent.ParentElement is { } grand)
                AddScore(scores, grand, score / 2, settings);
        }

        if (scores.Count == 0)
            return null;
        var ranked = scores.Select(kv => (Element: kv.Key, Score: kv.Value * (1 - ElementText.LinkDensity(kv.Key)))).OrderByDescending(x => x.Score).ToList();
        var top = ranked[0].Element;
        // An article split into blocks (between ads, or "chunks") scores several near-equal containers: when enough of
        // the runners-up share an ancestor with the winner, that ancestor holds the article, as Readability.js decides.
        var rivals = ranked.Skip(1).Take(4).Where(r => r.Score >= ranked[0].Score * 0.75 && !r.Element.Contains(top) && !top.Contains(r.Element)).Select(r => r.Element).ToList();
        if (rivals.Count < SplitRivals)
            return top;
        for (var ancestor = top.ParentElement; ancestor is not null && ancestor.LocalName != "body"; ancestor = ancestor.ParentElement)
        {
            if (rivals.Count(ancestor.Contains) >= SplitRivals)
                return ancestor;
        }

        return top;
    }

    private static void AddScore(Dictionary<IElement, double> scores, IElement element, double score, ExtractionSettings settings)
    {
        if (!scores.ContainsKey(element))
            scores[element] = Initial(element, settings);
        scores[element] += score;
    }

    private static double Initial(IElement element, ExtractionSettings settings)
    {
        var score = element.LocalName switch
        {
            "div" or "article" or "main" or "section" => 5,
            "pre" or "td" or "blockquote" => 3,
            "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
            _ => 0,
        };
        var names = $"{element.ClassName} {element.Id}";
        if (settings.Negative.IsMatch(names))
            score -= 25;
        if (settings.Positive.IsMatch(names))
            score += 25;
        return score;
    }
}
