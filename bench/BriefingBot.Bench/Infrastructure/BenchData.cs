namespace BriefingBot.Bench.Infrastructure;

/// <summary>
/// Where the bench finds its inputs: the repository (the folder holding BriefingBot.sln), the shared data
/// beside it (<c>&lt;repo&gt;/../shared</c>, or <c>BRIEFINGBOT_SHARED</c>) and the seed reports.
/// </summary>
internal sealed record BenchData(string RepoRoot, string SharedRoot, string StoriesPath, string SeedsFolder)
{
    public const string SharedVariable = "BRIEFINGBOT_SHARED";

    /// <summary>
    /// Finds the repository only, for commands that read no shared data (telegram-delivery); the other paths
    /// are where the data would be, unchecked. Explains on stderr and returns null when there is no repository.
    /// </summary>
    public static BenchData? LocateRepository()
    {
        var repo = FindRepo(Directory.GetCurrentDirectory()) ?? FindRepo(AppContext.BaseDirectory);
        if (repo is null)
        {
            Console.Error.WriteLine($"bench: cannot find the repository (no BriefingBot.sln above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}); run from the repository.");
            return null;
        }

        var overridden = Environment.GetEnvironmentVariable(SharedVariable);
        var shared = Path.GetFullPath(!string.IsNullOrWhiteSpace(overridden) ? overridden : Path.Combine(repo, "..", "shared"));
        return new BenchData(repo, shared, Path.Combine(shared, "data", "allsides-dev", "stories.jsonl"), Path.Combine(repo, "samples", "reports"));
    }

    /// <summary>Finds the inputs, or explains on stderr what is missing and returns null.</summary>
    public static BenchData? Locate()
    {
        var repo = FindRepo(Directory.GetCurrentDirectory()) ?? FindRepo(AppContext.BaseDirectory);
        var overridden = Environment.GetEnvironmentVariable(SharedVariable);
        string? shared = !string.IsNullOrWhiteSpace(overridden)
            ? Path.GetFullPath(overridden)
            : repo is null ? null : Path.GetFullPath(Path.Combine(repo, "..", "shared"));
        if (shared is null)
        {
            Console.Error.WriteLine($"bench: cannot find the repository (no BriefingBot.sln above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}); run from the repository or set {SharedVariable}.");
            return null;
        }

        var stories = Path.Combine(shared, "data", "allsides-dev", "stories.jsonl");
        if (!File.Exists(stories))
        {
            Console.Error.WriteLine($"bench: the allsides data is missing: {stories} does not exist.");
            Console.Error.WriteLine($"       Put the shared data at <repo>/../shared/data/allsides-dev/stories.jsonl or point {SharedVariable} at the folder holding data/.");
            return null;
        }

        var seeds = new[] { repo is null ? null : Path.Combine(repo, "samples", "reports"), Path.Combine(shared, "seeds") }
            .FirstOrDefault(d => d is not null && Directory.Exists(d) && Directory.EnumerateFiles(d, "*.txt").Any());
        if (seeds is null)
        {
            Console.Error.WriteLine($"bench: the seed reports are missing (looked in <repo>/samples/reports and {Path.Combine(shared, "seeds")}).");
            return null;
        }

        return new BenchData(repo ?? shared, shared, stories, seeds);
    }

    private static string? FindRepo(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BriefingBot.sln")))
                return dir.FullName;
        }

        return null;
    }
}
