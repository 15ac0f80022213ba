using System.Globalization;

namespace BriefingBot.Bench.Infrastructure;

/// <summary>A printed table of figures, each optionally with its target and whether it was met.</summary>
internal sealed class FigureTable(string title)
{
    private readonly List<string[]> _rows = [];
    private readonly List<string> _notes = [];

    public void Add(string figure, string value) => _rows.Add([figure, value, "", ""]);

    /// <summary>A figure that should be at least <paramref name="target"/>.</summary>
    public bool AtLeast(string figure, double value, string display, double target, string targetDisplay)
    {
        var met = value >= target;
        var shortfall = target > 0 ? (1 - value / target) * 100 : 0;
        _rows.Add([figure, display, "≥ " + targetDisplay, met ? "ok" : F($"MISSED by {shortfall:0.#}%")]);
        return met;
    }

    /// <summary>A figure that should be at most <paramref name="target"/>.</summary>
    public bool AtMost(string figure, double value, string display, double target, string targetDisplay)
    {
        var met = value <= target;
        _rows.Add([figure, display, "≤ " + targetDisplay, met ? "ok" : target > 0 ? F($"MISSED: {value / target:0.##}× the target") : "MISSED"]);
        return met;
    }

    /// <summary>A figure with a target that is not a simple bound (an exact count, say).</summary>
    public bool Check(string figure, string display, string targetDisplay, bool met)
    {
        _rows.Add([figure, display, targetDisplay, met ? "ok" : "MISSED"]);
        return met;
    }

    public void Note(string text) => _notes.Add(text);

    public void Print()
    {
        var header = new[] { "figure", "value", "target", "" };
        var widths = Enumerable.Range(0, 4).Select(c => _rows.Select(r => r[c].Length).Append(header[c].Length).Max()).ToArray();
        Console.WriteLine();
        Console.WriteLine($"== {title} ==");
        Console.WriteLine(Line(header, widths));
        Console.WriteLine(Line(widths.Select(w => new string('-', w)).ToArray(), widths));
        foreach (var row in _rows)
            Console.WriteLine(Line(row, widths));
        foreach (var note in _notes)
            Console.WriteLine("  " + note);
        Console.Out.Flush();
    }

    public static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Line(string[] cells, int[] widths) =>
        ("  " + string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i])))).TrimEnd();
}
