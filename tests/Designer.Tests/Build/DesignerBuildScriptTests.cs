using System.Diagnostics;
using Saga.Designer.Tests.Support;

namespace Saga.Designer.Tests.Build;

/// <summary>designer/build only builds: installing Node.js is scripts/nodejs's job, which scripts/test runs first.</summary>
public sealed class DesignerBuildScriptTests
{
    [Fact]
    public async Task Build_WithoutNpm_StopsAndSaysHowToInstallIt()
    {
        var root = Artifacts.SourceRoot();
        var bin = Directory.CreateTempSubdirectory("saga-no-npm-").FullName;
        try
        {
            // A PATH with only what the script needs before its npm check: no npm, no apt-get.
            foreach (var tool in new[] { "bash", "dirname" })
                File.CreateSymbolicLink(Path.Combine(bin, tool), Path.Combine("/usr/bin", tool));
            var info = new ProcessStartInfo("/usr/bin/bash") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
            info.ArgumentList.Add(Path.Combine(root, "designer", "build"));
            info.Environment["PATH"] = bin;
            using var build = Process.Start(info)!;
            var stderr = await build.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            await build.WaitForExitAsync(TestContext.Current.CancellationToken);

            Assert.NotEqual(0, build.ExitCode);
            Assert.Contains("scripts/nodejs", stderr, StringComparison.Ordinal);
            Assert.DoesNotContain("apt-get", await File.ReadAllTextAsync(Path.Combine(root, "designer", "build"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(bin, recursive: true);
        }
    }
}
