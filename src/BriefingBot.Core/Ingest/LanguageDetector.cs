namespace BriefingBot.Core.Ingest;

/// <summary>
/// A small script-and-stop-word language guesser: enough to keep non-English sentences (an embedded
/// Turkish tweet, a Russian quote) out of English claims, and to label a report's language.
/// </summary>
public static class LanguageDetector
{
    private static readonly Dictionary<string, HashSet<string>> StopWords = new()
    {
        ["en"] = Set("the of and to in a is that for on was with as by at from it he said were are has have be this an which their"),
        ["tr"] = Set("ve bir bu da de ile için olarak olan sonra gibi daha çok ama ise en kadar sırasında esnasında bunu ki ne"),
        ["de"] = Set("der die und das ist nicht mit den von zu sich des auf für ein eine im dem wird auch es bei"),
        ["fr"] = Set("le la les et des est une un du dans pour que qui pas sur au par avec ce sont aux il"),
        ["es"] = Set("el la los las y de que en un una es por con para del se al lo como más pero"),
        ["id"] = Set("yang dan di ini itu dengan untuk dari dalam tidak ke pada akan juga ada"),
    };

    private static HashSet<string> Set(string words) => new(words.Split(' '), StringComparer.Ordinal);

    /// <summary>An ISO 639-1 code, or "und" when there is too little text to tell.</summary>
    public static string Detect(string text)
    {
        int latin = 0, cyrillic = 0, arabic = 0, cjk = 0, greek = 0, hebrew = 0, turkishLetters = 0;
        foreach (var c in text)
        {
            if (c is 'ı' or 'ş' or 'ğ' or 'İ' or 'Ş' or 'Ğ')
                turkishLetters++;
            if (c is >= 'A' and <= 'z' or >= '\u00C0' and <= '\u024F')
                latin++;
            else if (c is >= '\u0400' and <= '\u04FF')
                cyrillic++;
            else if (c is >= '\u0600' and <= '\u06FF')
                arabic++;
            else if (c is >= '\u3040' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF')
                cjk++;
            else if (c is >= '\u0370' and <= '\u03FF')
                greek++;
            else if (c is >= '\u0590' and <= '\u05FF')
                hebrew++;
        }

        var letters = latin + cyrillic + arabic + cjk + greek + hebrew;
        if (letters < 3)
            return "und";
        if (cyrillic * 2 > letters)
            return "ru";
        if (arabic * 2 > letters)
            return "ar";
        if (cjk * 2 > letters)
            return "zh";
        if (greek * 2 > letters)
            return "el";
        if (hebrew * 2 > letters)
            return "he";

        var words = text.ToLowerInvariant().Split((char[])[' ', '\n', '\t', ',', '.', ';', ':', '!', '?', '"', '(', ')', '“', '”'], StringSplitOptions.RemoveEmptyEntries);
        var best = "en";
        var bestScore = 0.0;
        foreach (var (lang, set) in StopWords)
        {
            var score = words.Count(set.Contains) + (lang == "tr" ? turkishLetters * 0.5 : 0);
            if (score > bestScore)
            {
                best = lang;
                bestScore = score;
            }
        }

        // With no function word at all, a short text of Latin letters is most likely English headline-speak.
        return bestScore == 0 ? (words.Length <= 6 ? "en" : "und") : best;
    }
}
