namespace BriefingBot.Bench.Infrastructure;

internal static class Stats
{
    /// <summary>Nearest-rank percentile (p in 0..100) of the values.</summary>
    public static double Percentile(IReadOnlyCollection<double> values, double p)
    {
        if (values.Count == 0)
            return double.NaN;
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    public static double Median(IReadOnlyCollection<double> values) => Percentile(values, 50);

    public static double Milliseconds(long startTimestamp) =>
        System.Diagnostics.Stopwatch.GetElapsedTime(startTimestamp).TotalMilliseconds;

    /// <summary>
    /// The most times within any half-open window [t, t + width) of the sorted times, where that window starts,
    /// and how many times were over <paramref name="limit"/> (had <paramref name="limit"/> others in the width before them).
    /// </summary>
    public static (int Count, double At, int Over) MaxInWindow(IReadOnlyList<double> sorted, double width, int limit)
    {
        var best = 0;
        var at = sorted.Count > 0 ? sorted[0] : 0;
        var over = 0;
        var i = 0;
        for (var j = 0; j < sorted.Count; j++)
        {
            while (sorted[j] - sorted[i] >= width)
                i++;
            if (j - i + 1 > limit)
                over++;
            if (j - i + 1 > best)
            {
                best = j - i + 1;
                at = sorted[i];
            }
        }

        return (best, at, over);
    }
}
