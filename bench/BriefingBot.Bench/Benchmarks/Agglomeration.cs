namespace BriefingBot.Bench.Benchmarks;

/// <summary>
/// Best-first agglomerative clustering over a symmetric matrix of links between groups (negative infinity: they may
/// not join), shared by the bench's groupings: the strongest link joins its two groups, the second of them is folded
/// into the first, and the caller's <c>merge</c> sets the joined group's links to the others; until no positive link is
/// left.
/// </summary>
internal static class Agglomeration
{
    /// <param name="link">The links between the single reports; updated as groups join.</param>
    /// <param name="merge">(a, b, k): after b joined a, set <c>link[a, k]</c> and <c>link[k, a]</c> for a group k still apart.</param>
    /// <returns>The merges, strongest first, as (height, a, b).</returns>
    public static IReadOnlyList<(double Height, int A, int B)> Merges(double[,] link, Action<int, int, int> merge)
    {
        var n = link.GetLength(0);
        var active = Enumerable.Repeat(true, n).ToArray();
        var merges = new List<(double, int, int)>();
        while (true)
        {
            var best = double.NegativeInfinity;
            int a = -1, b = -1;
            for (var i = 0; i < n; i++)
            {
                if (!active[i])
                    continue;
                for (var j = i + 1; j < n; j++)
                {
                    if (active[j] && link[i, j] > best)
                        (best, a, b) = (link[i, j], i, j);
                }
            }

            if (a < 0 || best <= 0)
                return merges;
            merges.Add((best, a, b));
            active[b] = false;
            for (var k = 0; k < n; k++)
            {
                if (k != a && active[k])
                    merge(a, b, k);
            }
        }
    }
}
