using Microsoft.Extensions.Logging.Abstractions;
using Saga.Activities.Calico;
using Saga.Activities.Steps.Compute;
using Saga.Activities.Tests.Support;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Steps;

public sealed class RestartFelixTests
{
    private const string Show = "systemctl show -p MainPID -p ActiveState calico-felix";
    private const string Probe = "ps -o pid= -o etimes= -o args= -p";
    private const string Clock = "[ -z \"$1\" ] && exit 0";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_RunningFelix_RestartsItAndRecordsTimeOldPidAndLogOffset()
    {
        var shell = new FakeNodeShell()
            .WithFile(FelixConfig.Path, "[global]\nLogFilePath = /var/log/calico/felix-node.log\n")
            .On(Show, new CommandResultSpec(Stdout: "MainPID=2235\nActiveState=active\n"), new CommandResultSpec(Stdout: "MainPID=2314\nActiveState=active\n"))
            .On(Clock, new CommandResultSpec(Stdout: "1000\n4711\n"))
            .On("systemctl restart calico-felix");
        var context = Some.ComputeContext("centos 7");

        var result = await new RestartFelix(shell, NullLogger<RestartFelix>.Instance).ExecuteAsync(context, Ct);

        Assert.Equal(ActivityResultKind.Outcome, result.Kind);
        Assert.Equal(1, shell.Count("systemctl restart calico-felix"));
        Assert.Contains("felix-node.log", shell.Commands.Single(c => c.Contains(Clock, StringComparison.Ordinal)), StringComparison.Ordinal);
        Assert.Equal(new RestartRecord(1000, 2235, 2314, "/var/log/calico/felix-node.log", 4711), context.GetVariable<RestartRecord>(DowngradeVariables.FelixRestart));
    }

    [Fact]
    public async Task ExecuteAsync_OnUpstart_RestartsWithServiceAndReadsThePidFromStatus()
    {
        var shell = new FakeNodeShell()
            .On("service calico-felix status", new CommandResultSpec(Stdout: "calico-felix start/running, process 2235\n"), new CommandResultSpec(Stdout: "calico-felix start/running, process 2314\n"))
            .On(Clock, new CommandResultSpec(Stdout: "1000\n0\n"))
            .On("service calico-felix restart", new CommandResultSpec(Stdout: "calico-felix stop/waiting\ncalico-felix start/running, process 2314\n"));
        var context = Some.ComputeContext("ubuntu 14.04 (trusty)");

        await new RestartFelix(shell, NullLogger<RestartFelix>.Instance).ExecuteAsync(context, Ct);

        Assert.Equal(2314, context.GetVariable<RestartRecord>(DowngradeVariables.FelixRestart)!.Pid);
        Assert.Equal(FelixLog.DefaultPath, context.GetVariable<RestartRecord>(DowngradeVariables.FelixRestart)!.LogPath);
    }

    [Fact]
    public async Task ExecuteAsync_RestartedProcessStillRuns_SaysAlreadyDoneWithoutRestarting()
    {
        var shell = new FakeNodeShell()
            .On(Show, new CommandResultSpec(Stdout: "MainPID=2314\nActiveState=active\n"))
            .On(Probe, new CommandResultSpec(Stdout: " 2314      9 /usr/bin/calico-felix\n1010\n"));
        var context = Some.ComputeContext("centos 7");
        context.SetVariable(DowngradeVariables.FelixRestart, new RestartRecord(1000, 2235, 2314, FelixLog.DefaultPath, 10));

        var result = await new RestartFelix(shell, NullLogger<RestartFelix>.Instance).ExecuteAsync(context, Ct);

        Assert.Contains("already done", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, shell.Count("systemctl restart"));
    }

    [Fact]
    public async Task ExecuteAsync_RestartFails_FaultsNamingTheCommandAndRecordsNothing()
    {
        var shell = new FakeNodeShell()
            .On(Show, new CommandResultSpec(Stdout: "MainPID=2235\nActiveState=active\n"))
            .On(Clock, new CommandResultSpec(Stdout: "1000\n0\n"))
            .On("systemctl restart calico-felix", new CommandResultSpec(1, "", "Job for calico-felix.service failed because the control process exited with error code."));
        var context = Some.ComputeContext("centos 7");

        var result = await new RestartFelix(shell, NullLogger<RestartFelix>.Instance).ExecuteAsync(context, Ct);

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("systemctl restart calico-felix' failed (exit 1)", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
        Assert.Null(context.GetVariable<RestartRecord>(DowngradeVariables.FelixRestart));
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_Throws()
    {
        var shell = new FakeNodeShell();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await new RestartFelix(shell, NullLogger<RestartFelix>.Instance).ExecuteAsync(Some.ComputeContext("centos 7"), Some.Cancelled));
        Assert.Empty(shell.Commands);
    }
}
