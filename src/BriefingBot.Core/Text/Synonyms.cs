namespace BriefingBot.Core.Text;

/// <summary>
/// Stems that news reports use interchangeably for the same fact ("servicemen" and "soldiers",
/// "wounded" and "injured"), merged so that equivalent claims from different outlets align.
/// </summary>
public static class Synonyms
{
    private static readonly Dictionary<string, string> Map = Build(
        ["soldier", "soldi", "servicemen", "serviceman", "servicemember", "troop", "militaryman"],
        ["injur", "injury", "wound", "hurt"],
        ["kill", "dead", "death", "died", "die", "slain", "fatality"],
        ["blast", "explosion", "explos", "explod", "bomb", "bombing", "detonat", "detonation"],
        ["attack", "assault", "strik"],
        ["russia", "russian"], ["turkey", "turkish"], ["syria", "syrian"], ["america", "american"],
        ["ukrain", "ukrainian"], ["israel", "israeli"], ["iran", "iranian"], ["china", "chinese"],
        ["afghanistan", "afghan"], ["president", "presidential"], ["govern", "government"],
        ["vaccin", "vaccine", "vaccination", "vaccinat"], ["mask", "masking"],
        ["evacuat", "evacuee"], ["light", "slight", "slightly", "minor"], ["center", "centr", "centre"]);

    private static Dictionary<string, string> Build(params string[][] groups)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in groups)
        {
            foreach (var word in group)
                map[Stemmer.Stem(word)] = group[0];
        }

        return map;
    }

    public static string Canonical(string stem) => Map.TryGetValue(stem, out var c) ? c : stem;

    /// <summary>Every stem that maps to the same canonical term, for query expansion.</summary>
    public static IEnumerable<string> Expand(string stem)
    {
        var canonical = Canonical(stem);
        yield return stem;
        foreach (var (k, v) in Map)
        {
            if (v == canonical && k != stem)
                yield return k;
        }
    }
}
