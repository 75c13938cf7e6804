using System.Diagnostics;

namespace Saga.Tests;

/// <summary>The repository's own scripts and files, found by walking up from the test's folder; scripts run with bash.</summary>
public static class RepositoryScripts
{
    /// <summary>The full path of <paramref name="relativePath"/> (e.g. <c>scripts/services/rabbitmq</c>) in the repository.</summary>
    public static string Find(string relativePath)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relativePath);
            if (File.Exists(candidate))
                return candidate;
        }

        throw new InvalidOperationException($"{relativePath} not found above {AppContext.BaseDirectory}");
    }

    /// <summary>Runs a script of the repository; returns its standard output, or throws with both streams when it fails.</summary>
    public static async Task<string> RunAsync(string relativePath, params string[] arguments)
    {
        var info = new ProcessStartInfo("bash", [Find(relativePath), .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        using var process = Process.Start(info) ?? throw new InvalidOperationException("bash did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{relativePath} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stdout}{await stderr}");
        return await stdout;
    }
}
