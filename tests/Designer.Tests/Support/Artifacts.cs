namespace Saga.Designer.Tests.Support;

/// <summary>Where the browser tests leave what a person can look at afterwards.</summary>
internal static class Artifacts
{
    /// <summary><c>SAGA_SCREENSHOTS</c>, else <c>artifacts/screenshots/designer</c> in the source tree (git-ignored).</summary>
    public static string Screenshots { get; } = Create(Environment.GetEnvironmentVariable("SAGA_SCREENSHOTS") is { Length: > 0 } path
        ? path
        : Path.Combine(SourceRoot(), "artifacts", "screenshots", "designer"));

    private static string Create(string path)
    {
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The folder with Saga.sln above the test binaries, else the temp folder.</summary>
    public static string SourceRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Saga.sln")))
                return dir.FullName;
        }

        return Path.GetTempPath();
    }
}
