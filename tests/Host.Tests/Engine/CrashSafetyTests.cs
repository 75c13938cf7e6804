using Saga.Engine.Instances;
using Saga.Host.Tests.Support;

namespace Saga.Host.Tests.Engine;

/// <summary>The orchestrator dies (SIGKILL) with an activity in flight; a new process resumes it.</summary>
public sealed class CrashSafetyTests
{
    [Fact]
    public async Task Resume_AfterSigkillMidActivity_RunsCompletedStepsOnceTheInterruptedOneAgainAndFinishes()
    {
        using var workspace = new Workspace();
        workspace.Write("crash.json", Definitions.DelayChain("crash", "00:00:00.05", "00:00:00.05", "00:00:03", "00:00:00.05"));
        Assert.Equal(0, (await workspace.RunAsync("definitions", "import", "crash.json", "--publish")).ExitCode);

        string id;
        using (var doomed = workspace.Start("start", "crash"))
        {
            await workspace.WaitForLogAsync("Executing activity a3");
            doomed.Kill();
            id = Workspace.InstanceIdIn(doomed.Stdout);
        }

        var before = await workspace.InstanceAsync(id);
        Assert.Equal(["a1", "a2"], before.Journal.Select(j => j.ActivityId));
        Assert.Equal(("a3", InstanceStatus.Running), (before.Summary.CurrentActivityId, before.Summary.Status));
        Assert.NotNull(before.Summary.LeaseOwner); // the dead process still holds it on paper

        var resume = await workspace.RunAsync("resume", id);

        Assert.True(resume.ExitCode == 0, resume.ToString());
        Assert.Contains($"Instance {id} finished.", resume.Stdout, StringComparison.Ordinal);
        Assert.Equal([1, 1, 2, 1], new[] { "a1", "a2", "a3", "a4" }.Select(a => workspace.CountInLog($"Executing activity {a} ")));
        var after = await workspace.InstanceAsync(id);
        Assert.Equal(InstanceStatus.Finished, after.Summary.Status);
        Assert.Equal(["a1", "a2", "a3", "a4"], after.Journal.Select(j => j.ActivityId));
    }
}
