using System.Diagnostics;
using System.Net;
using Saga.Designer.Tests.Support;

namespace Saga.Designer.Tests.Build;

/// <summary>
/// One build, as a new user gets it: a clean clone, <c>dotnet build src/Host</c> (which builds the designer through
/// designer/build, npm's cache reused), then <c>saga serve</c> serves the studio; and a published folder, moved away
/// from the source tree, serves it too.
/// </summary>
public sealed class OneBuildTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CleanClone_BuildThenServe_ServesTheStudio_AndSoDoesThePublishedFolder()
    {
        var work = Directory.CreateTempSubdirectory("saga-clone-").FullName;
        try
        {
            var clone = Path.Combine(work, "saga");
            await RunAsync("git", work, "clone", "--quiet", Artifacts.SourceRoot(), clone);
            Assert.False(Directory.Exists(Path.Combine(clone, "designer", "dist")));

            await RunAsync("dotnet", clone, "build", "src/Host", "-c", "Release", "-nologo", "-v", "q");
            await AssertServesTheStudioAsync(Path.Combine(clone, "src", "Host", "bin", "Release", "net10.0", "saga"), work);

            var published = Path.Combine(work, "published"); // outside the clone: nothing to find by walking up
            await RunAsync("dotnet", clone, "publish", "src/Host", "-c", "Release", "--no-build", "-o", published, "-nologo", "-v", "q");
            Directory.Delete(Path.Combine(clone, "designer", "dist"), recursive: true);
            Assert.True(File.Exists(Path.Combine(published, "designer", "index.html")));
            await AssertServesTheStudioAsync(Path.Combine(published, "saga"), work);
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task AssertServesTheStudioAsync(string saga, string work)
    {
        var url = $"http://127.0.0.1:{SagaServer.FreePort()}";
        var info = new ProcessStartInfo(saga) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = work };
        foreach (var arg in new[] { "serve", "--urls", url })
            info.ArgumentList.Add(arg);
        info.Environment["XDG_STATE_HOME"] = Path.Combine(work, "state");
        using var serve = Process.Start(info)!;
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
            timeout.CancelAfter(TimeSpan.FromMinutes(1));
            HttpResponseMessage? page = null;
            while (page is null)
            {
                if (serve.HasExited)
                    Assert.Fail($"saga serve stopped ({serve.ExitCode}):\n{await serve.StandardOutput.ReadToEndAsync(Token)}{await serve.StandardError.ReadToEndAsync(Token)}");
                try
                {
                    page = await http.GetAsync("/designer/", timeout.Token);
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200, timeout.Token);
                }
            }

            using (page)
            {
                Assert.Equal(HttpStatusCode.OK, page.StatusCode);
                Assert.Contains("studio/elsa-workflows-studio", await page.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
            }

            using var script = await http.GetAsync("/designer/studio/elsa-workflows-studio.esm.js", Token);
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }
        finally
        {
            serve.Kill(entireProcessTree: true);
            await serve.WaitForExitAsync(CancellationToken.None);
        }
    }

    private static async Task RunAsync(string program, string folder, params string[] arguments)
    {
        var info = new ProcessStartInfo(program) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Token);
        var stderr = process.StandardError.ReadToEndAsync(Token);
        await process.WaitForExitAsync(Token);
        Assert.True(process.ExitCode == 0, $"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
    }
}
