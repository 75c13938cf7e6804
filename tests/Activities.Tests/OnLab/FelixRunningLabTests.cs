using Microsoft.Extensions.Logging.Abstractions;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Steps.Compute;
using Saga.Activities.Tests.Support;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.OnLab;

/// <summary>The felix check against the lab's felix 2.6, which behaves as felix.go 2.6.5 does around /calico/v1/Ready.</summary>
public sealed class FelixRunningLabTests(FelixLab lab) : IClassFixture<FelixLab>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Verify_FelixRestartedWhileTheReadyFlagIsFalse_FailsBecauseItNeverLoadedItsConfiguration()
    {
        await lab.SetReadyAsync(false);
        await lab.DowngradeFelixAsync("waits");
        await using var shell = NodeLab.Shell();
        var context = Context("waits", "centos 7", TimeSpan.FromSeconds(1));

        var restarted = await new RestartFelix(shell, NullLogger<RestartFelix>.Instance).ExecuteAsync(context, Ct);
        var verified = await new VerifyFelixVersion(shell, NullLogger<VerifyFelixVersion>.Instance).ExecuteAsync(context, Ct);

        Assert.True(restarted.Kind == ActivityResultKind.Outcome, (restarted as FaultResult)?.Message);
        Assert.Equal(ActivityResultKind.Fault, verified.Kind);
        Assert.Contains("has no 'Successfully loaded configuration.' from it", Assert.IsType<FaultResult>(verified).Message, StringComparison.Ordinal);
        Assert.Equal("active", (await lab.Lab.SshAsync("waits", "systemctl is-active calico-felix")).Trim()); // what the unit says

        // once the flag is back, the same felix gets going, and the check (as a resume runs it) passes
        await lab.SetReadyAsync(true);
        await Task.Delay(TimeSpan.FromSeconds(1.2), Ct); // felix looks at the flag about once a second
        var again = await new VerifyFelixVersion(shell, NullLogger<VerifyFelixVersion>.Instance).ExecuteAsync(context, Ct);

        Assert.True(again.Kind == ActivityResultKind.Outcome, (again as FaultResult)?.Message);
    }

    [Fact]
    public async Task Verify_FelixThatRestartsItselfDuringTheSettlePeriod_IsCaught()
    {
        await lab.SetReadyAsync(true);
        await lab.DowngradeFelixAsync("flaps");
        await using var shell = NodeLab.Shell();
        var context = Context("flaps", "ubuntu 14.04 (trusty)", TimeSpan.FromSeconds(5));
        await new RestartFelix(shell, NullLogger<RestartFelix>.Instance).ExecuteAsync(context, Ct);

        var verify = new VerifyFelixVersion(shell, NullLogger<VerifyFelixVersion>.Instance).ExecuteAsync(context, Ct).AsTask();
        await Task.Delay(TimeSpan.FromSeconds(2), Ct);
        await lab.SetReadyAsync(false); // felix 2.6: "Datastore became unready, need to restart.", exits, upstart respawns it
        var verified = await verify;
        await lab.SetReadyAsync(true);

        Assert.Equal(ActivityResultKind.Fault, verified.Kind);
        Assert.Contains("did not stay up", Assert.IsType<FaultResult>(verified).Message, StringComparison.Ordinal);
        Assert.Contains("Datastore became unready, need to restart.", Assert.IsType<FaultResult>(verified).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_RestartedFelix26WithTheFlagTrue_PassesAfterTheSettlePeriod()
    {
        await lab.SetReadyAsync(true);
        await lab.DowngradeFelixAsync("healthy");
        await using var shell = NodeLab.Shell();
        var context = Context("healthy", "centos 7", TimeSpan.FromSeconds(2));

        await new RestartFelix(shell, NullLogger<RestartFelix>.Instance).ExecuteAsync(context, Ct);
        var verified = await new VerifyFelixVersion(shell, NullLogger<VerifyFelixVersion>.Instance).ExecuteAsync(context, Ct);

        Assert.True(verified.Kind == ActivityResultKind.Outcome, (verified as FaultResult)?.Message);
        var restart = context.GetVariable<RestartRecord>(DowngradeVariables.FelixRestart)!;
        Assert.Contains($"runs as PID {restart.Pid}", verified.Output, StringComparison.Ordinal);
        Assert.NotEqual(restart.PreviousPid, restart.Pid);
    }

    private ActivityContext Context(string node, string platform, TimeSpan settle)
    {
        var spec = lab.Lab.Inventory.Node(node);
        return Some.Context(new Dictionary<string, object?>
        {
            [DowngradeVariables.Inventory] = lab.Lab.Inventory with { Nodes = [spec], Verify = new VerifySettings(settle) },
            [DowngradeVariables.Platforms] = new Dictionary<string, string> { [node] = platform },
            [DowngradeVariables.Node] = node,
        });
    }
}
