using System.Diagnostics;
using Saga.Host.Tests.Support;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Cli;

/// <summary>The live view in a pseudo-terminal (util-linux <c>script</c>), and the plain lines when output is redirected.</summary>
public sealed class LiveViewTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_OnATerminal_ShowsTheLiveTableOfTheNodesThenLeavesTheSummary()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute", "u1:trusty:compute");
        using var workspace = new Workspace();

        var (code, screen) = await OnATerminalAsync(workspace, "run", "-i", lab.InventoryPath);

        Assert.True(code == 0, screen);
        Assert.Contains("╭", screen, StringComparison.Ordinal); // Spectre's rounded table
        Assert.Contains("COMPUTE NODES", screen, StringComparison.Ordinal);
        Assert.Matches(@"│ c1 +│ running", screen); // a line per node in flight, with its step
        Assert.Matches(@"│ u1 +│ running", screen);
        Assert.Contains("2/2", screen, StringComparison.Ordinal);
        Assert.Matches(@"c1\s+compute\s+Finished", screen); // the summary table stays
        Assert.Contains("finished.", screen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StatusWatch_OnATerminal_FollowsARunDrivenElsewhere_WhoseOwnRedirectedOutputIsPlain()
    {
        await using var lab = await Lab.StartAsync(1, "ctl:centos7:control", "c1:centos7:compute", "x1:xenial:compute");
        using var workspace = new Workspace();
        using var run = workspace.Start("run", "-i", lab.InventoryPath);
        var id = await InstanceIdAsync(run);

        var (code, screen) = await OnATerminalAsync(workspace, "status", id, "--watch");

        Assert.True(code == 0, screen + run);
        Assert.Contains("COMPUTE NODES", screen, StringComparison.Ordinal);
        Assert.Contains($"Instance {id} finished.", screen, StringComparison.Ordinal);
        await run.WaitAsync();
        Assert.Equal(0, run.ExitCode);
        Assert.DoesNotContain('\u001b', run.Stdout); // redirected: no escape sequences, no table drawing
        Assert.Matches(@"\d\d:\d\d:\d\d\s+c1\s+", run.Stdout); // the plain progress lines
    }

    /// <summary>Runs saga in a pseudo-terminal; returns its exit code and what the terminal showed, escape sequences removed.</summary>
    private static async Task<(int Code, string Screen)> OnATerminalAsync(Workspace workspace, params string[] args)
    {
        var typescript = Path.Combine(workspace.Folder, $"typescript-{Guid.NewGuid():N}");
        var command = string.Join(' ', new[] { Path.Combine(AppContext.BaseDirectory, "saga") }.Concat(args).Select(a => "'" + a.Replace("'", "'\\''", StringComparison.Ordinal) + "'"));
        var info = new ProcessStartInfo("script", ["-qfec", command, typescript]) { WorkingDirectory = workspace.Folder, RedirectStandardOutput = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var (key, value) in workspace.Environment)
            info.Environment[key] = value;
        info.Environment["TERM"] = "xterm-256color";
        using var script = Process.Start(info)!;
        var drained = script.StandardOutput.ReadToEndAsync(Token);
        await script.WaitForExitAsync(Token).WaitAsync(TimeSpan.FromMinutes(3), Token);
        await drained;
        var screen = System.Text.RegularExpressions.Regex.Replace(await File.ReadAllTextAsync(typescript, Token), @"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07", "");
        return (script.ExitCode, screen);
    }

    private static async Task<string> InstanceIdAsync(SagaProcess run)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        while (!run.Stdout.Contains("Started instance", StringComparison.Ordinal))
        {
            Assert.False(run.HasExited, run.ToString());
            await Task.Delay(100, timeout.Token);
        }

        return Workspace.InstanceIdIn(run.Stdout);
    }
}
