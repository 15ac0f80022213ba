namespace BriefingBot.Tests.Support;

/// <summary>Folders of the repository the tests run from.</summary>
public static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "BriefingBot.sln")))
                return dir.FullName;
        }

        throw new InvalidOperationException("cannot find BriefingBot.sln above " + AppContext.BaseDirectory);
    }
}
