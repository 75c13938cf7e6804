using Microsoft.Extensions.Logging.Abstractions;
using Saga.Activities.Calico;
using Saga.Activities.Steps.Compute;
using Saga.Activities.Tests.Support;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Steps;

public sealed class VerifyFelixVersionTests
{
    private const string Show = "systemctl show -p MainPID -p ActiveState calico-felix";
    private const string Probe = "ps -o pid= -o etimes= -o args= -p";
    private const string ReadLog = "tail -c +";
    private const string Version = "Version:            2.6.5\nFull git commit ID: 42fcfea0982a89d39c6b4479dee1527496e38c82\nBuild date:         2018-01-11T13:41:05+0000\n\n";

    // felix.log as felix 2.6.5 writes it (libcalico-go logutils.Formatter): the old process's shutdown, then the new one
    private const string CleanLog = """
        size 900
        2026-11-24 08:00:00.100 [WARNING][2235] felix.go 617: Felix is shutting down reason="Received OS signal terminated"
        2026-11-24 08:00:00.101 [FATAL][2235] felix.go 666: Exiting immediately reason="Received OS signal terminated"
        2026-11-24 08:00:01.500 [INFO][2314] felix.go 255: Successfully loaded configuration. GOMAXPROCS=2 version="2.6.5"
        2026-11-24 08:00:01.600 [INFO][2314] felix.go 844: Datastore now in sync.

        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_RestartedFelixStaysUpWithACleanLog_ReportsItRunning()
    {
        var shell = Felix("MainPID=2314", " 2314      10 /usr/bin/calico-felix\n1010\n", CleanLog);

        var result = await Verify(shell, Restarted());

        Assert.True(result.Kind == ActivityResultKind.Outcome, (result as FaultResult)?.Message);
        Assert.Contains("felix 2.6.5: calico-felix runs as PID 2314", result.Output, StringComparison.Ordinal);
        Assert.Equal(2, shell.Count(Show)); // at the start and at the end of the settle period
        Assert.Contains("saga /var/log/calico/felix.log 900 ", shell.Commands.Single(c => c.Contains(ReadLog, StringComparison.Ordinal)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_FelixWaitingForTheReadyFlag_FaultsBecauseItNeverLoadedItsConfiguration()
    {
        // felix 2.6 waiting for /calico/v1/Ready keeps running and writes nothing to its file (felix.go: early logging)
        var shell = Felix("MainPID=2314", " 2314      10 /usr/bin/calico-felix\n1010\n", "size 900\n");

        var result = await Verify(shell, Restarted());

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("has no 'Successfully loaded configuration.' from it", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
        Assert.Contains("/calico/v1/Ready", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_FelixReplacedDuringTheSettlePeriod_Faults()
    {
        var shell = new FakeNodeShell()
            .On("calico-felix --version", new CommandResultSpec(Stdout: Version))
            .On(Show, new CommandResultSpec(Stdout: "MainPID=2314\nActiveState=active\n"), new CommandResultSpec(Stdout: "MainPID=2393\nActiveState=active\n"))
            .On(Probe, new CommandResultSpec(Stdout: " 2314      10 /usr/bin/calico-felix\n1010\n"), new CommandResultSpec(Stdout: " 2393       1 /usr/bin/calico-felix\n1012\n"))
            .On(ReadLog, new CommandResultSpec(Stdout: CleanLog + "2026-11-24 08:00:09.000 [WARNING][2314] felix.go 902: Datastore became unready, need to restart.\n" +
                                                                   "2026-11-24 08:00:11.000 [FATAL][2314] felix.go 660: Exiting. reason=\"datastore became unready\"\n"));

        var result = await Verify(shell, Restarted());

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("did not stay up: PID 2314 was replaced by PID 2393", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
        Assert.Contains("Datastore became unready", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-11-24 08:00:02.000 [ERROR][2314] felix.go 204: Failed to connect to datastore error=client: etcd cluster is unavailable")]
    [InlineData("2026-11-24 08:00:02.000 [WARNING][2314] felix.go 677: Global datastore 'Ready' flag set to false, waiting...")]
    [InlineData("2026-11-24 08:00:02.000 [PANIC][2314] felix.go 917: Managed shutdown failed. Panicking.")]
    public async Task ExecuteAsync_TroubleInTheLogSinceTheRestart_FaultsQuotingIt(string line)
    {
        var shell = Felix("MainPID=2314", " 2314      10 /usr/bin/calico-felix\n1010\n", CleanLog + line + "\n");

        var result = await Verify(shell, Restarted());

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains(line, Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_ProcessStartedBeforeTheRestart_Faults()
    {
        var shell = Felix("MainPID=2235", " 2235     900 /usr/bin/calico-felix\n1010\n", CleanLog);

        var result = await Verify(shell, Restarted());

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("started at 110, before the restart at 1000", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_BinaryStillAt31_FaultsWithWhatItPrinted()
    {
        var shell = new FakeNodeShell().On("calico-felix --version", new CommandResultSpec(Stdout: "Version:            3.1.3\n"));

        var result = await Verify(shell, Restarted());

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("did not report 2.6.x; it printed: Version:            3.1.3", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_CalicoFelixDoesNotRun_FaultsWithItsError()
    {
        var shell = new FakeNodeShell().On("calico-felix --version", new CommandResultSpec(127, "", "bash: /usr/bin/calico-felix: No such file or directory"));

        var result = await Verify(shell, Restarted());

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("No such file or directory", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_NoRestartRecorded_FaultsInsteadOfTrustingTheUnit()
    {
        var shell = new FakeNodeShell().On("calico-felix --version", new CommandResultSpec(Stdout: Version));

        var result = await Verify(shell, restart: null);

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("felix was not restarted after the package change", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_Throws()
    {
        var context = Some.ComputeContext("centos 7");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await new VerifyFelixVersion(new FakeNodeShell(), NullLogger<VerifyFelixVersion>.Instance).ExecuteAsync(context, Some.Cancelled));
    }

    private static RestartRecord Restarted() => new(1000, 2235, 2314, FelixLog.DefaultPath, 900);

    private static FakeNodeShell Felix(string mainPid, string probe, string log) => new FakeNodeShell()
        .On("calico-felix --version", new CommandResultSpec(Stdout: Version))
        .On(Show, new CommandResultSpec(Stdout: mainPid + "\nActiveState=active\n"))
        .On(Probe, new CommandResultSpec(Stdout: probe))
        .On(ReadLog, new CommandResultSpec(Stdout: log));

    private static async Task<ActivityResult> Verify(FakeNodeShell shell, RestartRecord? restart)
    {
        var context = Some.ComputeContext("centos 7");
        if (restart is not null)
            context.SetVariable(DowngradeVariables.FelixRestart, restart);
        return await new VerifyFelixVersion(shell, NullLogger<VerifyFelixVersion>.Instance).ExecuteAsync(context, Ct);
    }
}
