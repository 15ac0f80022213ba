using System.Globalization;

namespace BriefingBot.Bench.Infrastructure;

/// <summary>
/// A printed table of figures, each optionally with its target and whether it was met; or, made with its own
/// <paramref name="columns"/>, one value per column (two stores side by side) added with <see cref="Row"/>.
/// </summary>
internal sealed class FigureTable(string title, params string[] columns)
{
    private readonly string[] _header = columns.Length > 0 ? ["figure", .. columns] : ["figure", "value", "target", ""];
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

    /// <summary>A figure with one value per column, for a table made with its own columns.</summary>
    public void Row(string figure, params string[] values) => _rows.Add([figure, .. values]);

    public void Note(string text) => _notes.Add(text);

    public void Print()
    {
        var header = _header;
        var rows = _rows.Select(r => r.Concat(Enumerable.Repeat("", Math.Max(0, header.Length - r.Length))).Take(header.Length).ToArray()).ToList();
        var widths = Enumerable.Range(0, header.Length).Select(c => rows.Select(r => r[c].Length).Append(header[c].Length).Max()).ToArray();
        Console.WriteLine();
        Console.WriteLine($"== {title} ==");
        Console.WriteLine(Line(header, widths));
        Console.WriteLine(Line(widths.Select(w => new string('-', w)).ToArray(), widths));
        foreach (var row in rows)
            Console.WriteLine(Line(row, widths));
        foreach (var note in _notes)
            Console.WriteLine("  " + note);
        Console.Out.Flush();
    }

    public static string F(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Line(string[] cells, int[] widths) =>
        ("  " + string.Join("  ", cells.Select((c, i) => c.PadRight(widths[i])))).TrimEnd();
}
