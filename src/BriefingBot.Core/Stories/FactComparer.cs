using BriefingBot.Core.Analysis;
using BriefingBot.Core.Text;

namespace BriefingBot.Core.Stories;

/// <summary>One point on which two aligned sentences differ.</summary>
public sealed record FactConflict(string Aspect, string GroupKey, string LeftKey, string LeftText, string RightKey, string RightText);

/// <summary>Compares the facts of two sentences about the same event, aspect by aspect.</summary>
public static class FactComparer
{
    public const string Number = "number";
    public const string Region = "region";
    public const string Place = "place";
    public const string Date = "date";
    public const string Weapon = "weapon/cause";
    public const string Blame = "who is blamed";
    public const string Denial = "whether it happened";

    /// <summary>One sentence denies or negates what the other states: never the same claim.</summary>
    public static bool OppositePolarity(ClaimFacts a, ClaimFacts b) => a.Negated != b.Negated || a.Denial != b.Denial;

    public static IEnumerable<FactConflict> Conflicts(ClaimFacts a, ClaimFacts b)
    {
        // An explicit denial ("the ministry denied that its forces shelled the hospital") against a plain statement of it.
        if (a.Denial != b.Denial && !(a.Denial ? b.Negated : a.Negated))
            yield return new FactConflict(Denial, "", a.Denial ? "denied" : "stated", a.Denial ? "denied" : "reported as fact", b.Denial ? "denied" : "stated", b.Denial ? "denied" : "reported as fact");

        foreach (var ra in a.Regions)
        {
            foreach (var rb in b.Regions)
            {
                if (ra.Direction != rb.Direction && Transliteration.SameName(ra.Place, rb.Place))
                    yield return new FactConflict(Region, Tokenizer.Term(ra.Place), ra.Direction, ra.Surface, rb.Direction, rb.Surface);
            }
        }

        if (a.Weapons.Count > 0 && b.Weapons.Count > 0 && !a.Weapons.Any(x => b.Weapons.Any(y => y.Key == x.Key)))
            yield return new FactConflict(Weapon, "", a.Weapons[0].Key, a.Weapons[0].Surface, b.Weapons[0].Key, b.Weapons[0].Surface);

        foreach (var ca in a.Counts.Where(c => c.Event != "other"))
        {
            foreach (var cb in b.Counts.Where(c => c.Event == ca.Event && c.Head == ca.Head))
            {
                if (ca.Value == cb.Value || (ca.AtLeast && cb.Value >= ca.Value) || (cb.AtLeast && ca.Value >= cb.Value))
                    continue;
                yield return new FactConflict(Number, $"{ca.Head} {ca.Event}", ca.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), ca.Surface, cb.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), cb.Surface);
            }
        }

        if (a.Places.Count > 0 && b.Places.Count > 0 && !a.Places.Any(x => b.Places.Any(y => Transliteration.SameName(x.Key, y.Key))))
            yield return new FactConflict(Place, "", PlaceKey(a.Places[0].Key), a.Places[0].Surface, PlaceKey(b.Places[0].Key), b.Places[0].Surface);

        if (a.Dates.Count == 1 && b.Dates.Count == 1 && a.Dates[0].Key != b.Dates[0].Key)
            yield return new FactConflict(Date, "", a.Dates[0].Key, a.Dates[0].Surface, b.Dates[0].Key, b.Dates[0].Surface);

        if (a.Blamed.Count > 0 && b.Blamed.Count > 0 && !a.Blamed.Any(x => b.Blamed.Any(y => SentenceSimilarity.SameParty(x.Surface, y.Surface))))
            yield return new FactConflict(Blame, "", a.Blamed[0].Key, a.Blamed[0].Surface, b.Blamed[0].Key, b.Blamed[0].Surface);
    }

    private static string PlaceKey(string place) => Transliteration.Keys(place).Soft;
}
