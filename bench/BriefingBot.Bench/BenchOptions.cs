using System.Globalization;

namespace BriefingBot.Bench;

/// <summary>Command-line options shared by the bench commands.</summary>
/// <param name="Reports">ask: how many reports the store holds (default 100,000).</param>
/// <param name="Db">ask: an existing database to reuse (kept afterwards) instead of a fresh temporary one.</param>
/// <param name="Seed">Seed of the report generator, so runs are repeatable.</param>
/// <param name="Child">Set by <c>all</c> on the processes it starts: no machine header.</param>
/// <param name="Chats">telegram-delivery: how many chats get the briefing (default 1,000).</param>
/// <param name="Subscriptions">schedule: how many subscriptions fire in the same minute (default 10,000).</param>
/// <param name="Seconds">schedule: how long deliveries are watched after the minute (default 120).</param>
/// <param name="Pg">scale: the admin connection string of the PostgreSQL server to create its database on (else BRIEFINGBOT_TEST_POSTGRES).</param>
/// <param name="Out">attribution: a file to write every credited quote and the hand-check sample to.</param>
internal sealed record BenchOptions(int? Reports, string? Db, int Seed, bool Child, int? Chats = null, int? Subscriptions = null, int? Seconds = null, string? Pg = null, string? Out = null)
{
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        int? reports = null;
        string? db = null;
        var seed = 20210722;
        var child = false;
        int? chats = null;
        int? subscriptions = null;
        int? seconds = null;
        string? pg = null;
        string? output = null;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--reports":
                    reports = ParseCount(Value(args, ref i), "--reports");
                    break;
                case "--db":
                    db = Path.GetFullPath(Value(args, ref i));
                    break;
                case "--seed":
                    seed = ParseCount(Value(args, ref i), "--seed");
                    break;
                case "--chats":
                    chats = ParseCount(Value(args, ref i), "--chats");
                    break;
                case "--subs":
                    subscriptions = ParseCount(Value(args, ref i), "--subs");
                    break;
                case "--seconds":
                    seconds = ParseCount(Value(args, ref i), "--seconds");
                    break;
                case "--pg":
                    pg = Value(args, ref i);
                    break;
                case "--out":
                    output = Path.GetFullPath(Value(args, ref i));
                    break;
                case "--child":
                    child = true;
                    break;
                default:
                    throw new ArgumentException($"unknown option '{args[i]}'");
            }
        }

        return new BenchOptions(reports, db, seed, child, chats, subscriptions, seconds, pg, output);
    }

    /// <summary>The options again as arguments, for the child processes of <c>all</c>.</summary>
    public IEnumerable<string> ToArgs()
    {
        if (Reports is { } r)
        {
            yield return "--reports";
            yield return r.ToString(CultureInfo.InvariantCulture);
        }

        if (Db is not null)
        {
            yield return "--db";
            yield return Db;
        }

        if (Chats is { } c)
        {
            yield return "--chats";
            yield return c.ToString(CultureInfo.InvariantCulture);
        }

        if (Subscriptions is { } n)
        {
            yield return "--subs";
            yield return n.ToString(CultureInfo.InvariantCulture);
        }

        if (Seconds is { } sec)
        {
            yield return "--seconds";
            yield return sec.ToString(CultureInfo.InvariantCulture);
        }

        yield return "--seed";
        yield return Seed.ToString(CultureInfo.InvariantCulture);
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value");

    private static int ParseCount(string text, string option) =>
        int.TryParse(text.Replace("_", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{option} needs a positive whole number, not '{text}'");
}
