using Saga.Engine.Instances;
using Saga.Host.Tests.Support;

namespace Saga.Host.Tests.Engine;

/// <summary>Two processes never drive one instance.</summary>
public sealed class SingleRunnerTests
{
    [Fact]
    public async Task Resume_WhileAnotherProcessRunsTheInstance_IsRefusedNamingItThenCancelStopsThatProcess()
    {
        using var workspace = new Workspace();
        workspace.Environment["Saga__Engine__LeaseDuration"] = "00:00:03";
        workspace.Write("long.json", Definitions.DelayChain("long", "00:05:00", "00:00:00.01"));
        Assert.Equal(0, (await workspace.RunAsync("definitions", "import", "long.json", "--publish")).ExitCode);
        using var first = workspace.Start("start", "long");
        await workspace.WaitForLogAsync("Executing activity a1");
        var id = Workspace.InstanceIdIn(first.Stdout);

        var second = await workspace.RunAsync("resume", id);

        Assert.Equal(5, second.ExitCode);
        Assert.Matches($"is being run by pid {first.Id} on .+ since \\d{{4}}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\dZ", second.Stderr);
        Assert.Equal(0, workspace.CountInLog("Executing activity a1 (Delay) on resume") + workspace.CountInLog("Executing activity a2"));

        var cancel = await workspace.RunAsync("cancel", id);
        Assert.Contains($"asked pid {first.Id}", cancel.Stdout, StringComparison.Ordinal);
        await first.WaitAsync();
        Assert.Equal(4, first.ExitCode);
        Assert.Equal(InstanceStatus.Cancelled, (await workspace.InstanceAsync(id)).Summary.Status);
    }
}
