namespace BriefingBot.Core.Text;

/// <summary>Reads small cardinal numbers written as words or digits ("three", "3", "1,200").</summary>
public static class NumberWords
{
    private static readonly Dictionary<string, int> Words = new(StringComparer.OrdinalIgnoreCase)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13,
        ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18,
        ["nineteen"] = 19, ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60,
        ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90, ["hundred"] = 100, ["dozen"] = 12,
    };

    public static bool TryParse(string word, out long value)
    {
        if (Words.TryGetValue(word, out var w))
        {
            value = w;
            return true;
        }

        var digits = word.Replace(",", "", StringComparison.Ordinal);
        if (digits.Length is > 0 and < 16 && digits.All(char.IsAsciiDigit))
        {
            value = long.Parse(digits, System.Globalization.CultureInfo.InvariantCulture);
            return true;
        }

        value = 0;
        return false;
    }
}
