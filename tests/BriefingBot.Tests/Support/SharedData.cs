namespace BriefingBot.Tests.Support;

/// <summary>
/// The external evaluation corpora (<c>../shared/data</c> beside the repository, or <c>BRIEFINGBOT_SHARED</c>).
/// Only the corpus quality gates (<c>[Trait("Category", "Corpus")]</c>, folder <c>Quality/</c>) read them; a user's clone has none, so the
/// README's test command leaves those gates out and <c>scripts/quality.sh</c> runs them where the data is.
/// </summary>
public static class SharedData
{
    public const string Variable = "BRIEFINGBOT_SHARED";

    /// <summary>The file at <paramref name="relative"/> under the shared folder, or null when it is not there.</summary>
    public static string? Find(string relative)
    {
        var env = Environment.GetEnvironmentVariable(Variable);
        if (!string.IsNullOrEmpty(env))
            return File.Exists(Path.Combine(env, relative)) ? Path.Combine(env, relative) : null;
        for (var dir = new DirectoryInfo(RepoPaths.Root); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "shared", relative);
            if (File.Exists(candidate))
                return candidate;
        }

        return null;
    }

    /// <summary>The file, or an exception that says how to get the data (a corpus gate run without it is a failure, not a pass).</summary>
    public static string Require(string relative) =>
        Find(relative) ?? throw new InvalidOperationException(
            $"shared/{relative} not found: put the shared folder beside the repository or set {Variable} (see docs/benchmarks.md)");
}
