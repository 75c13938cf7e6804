using Saga.Host.Tests.Support;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Downgrade;

/// <summary>
/// saga run and resume when package transactions are cut: by a package manager killed mid-transaction (the lab's
/// <c>interrupt</c> fault, as a reboot or the OOM killer would), or by saga itself killed at any moment. The
/// cluster verifies every time, and no node ever gets a second downgrade transaction beside its first.
/// </summary>
public sealed class PackageTransactionTests
{
    [Fact]
    public async Task Resume_AfterPackageManagersWereKilledMidTransaction_CompletesThemAndTheClusterVerifies()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute", "u1:trusty:compute");
        await lab.FaultAsync("c1", "interrupt", "yum", "install");
        await lab.FaultAsync("u1", "interrupt", "apt-get", "configure");
        using var workspace = new Workspace();
        var expected = new DowngradedCluster(lab);
        expected.RememberFelixConfigs();

        var failed = await workspace.RunAsync("run", "-i", lab.InventoryPath, "--canary", "0");

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("c1 (faulted at", failed.Stdout, StringComparison.Ordinal);
        Assert.Contains("u1 (faulted at", failed.Stdout, StringComparison.Ordinal);
        var resumed = await workspace.RunAsync("resume", Workspace.InstanceIdIn(failed.Stdout));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        await expected.AssertEveryNodeDowngradedAsync();
        Assert.Equal(1, lab.Count("c1", "yum-complete-transaction -y"));
        Assert.Equal(1, lab.Count("c1", "yum -y downgrade"));
        Assert.Equal(1, lab.Count("u1", "dpkg --force-confdef --force-confold --configure -a"));
        Assert.Empty(await lab.SshAsync("u1", "dpkg --audit"));
    }

    [Fact]
    public async Task Resume_AfterSagaWasKilledAtRandomMoments_TheClusterVerifiesWithOneTransactionPerNode()
    {
        var seed = Random.Shared.Next();
        var random = new Random(seed);
        for (var trial = 1; trial <= 3; trial++)
        {
            await using var lab = await Lab.StartAsync(1, "ctl:centos7:control", "c1:centos7:compute", "u1:trusty:compute", "x1:xenial:compute");
            using var workspace = new Workspace();
            var expected = new DowngradedCluster(lab);
            expected.RememberFelixConfigs();
            var moment = TimeSpan.FromMilliseconds(random.Next(0, 25_000));
            var why = $"trial {trial} of seed {seed}: saga killed {moment.TotalSeconds:0.0} s after it started the instance";

            string id;
            using (var doomed = workspace.Start("run", "-i", lab.InventoryPath, "--canary", "0"))
            {
                using (var started = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken))
                {
                    started.CancelAfter(TimeSpan.FromMinutes(1));
                    while (!doomed.Stdout.Contains("Started instance", StringComparison.Ordinal) && !doomed.HasExited)
                        await Task.Delay(20, started.Token);
                }

                await Task.WhenAny(doomed.WaitAsync(), Task.Delay(moment, TestContext.Current.CancellationToken));
                doomed.Kill();
                await doomed.WaitAsync();
                id = Workspace.InstanceIdIn(doomed.Stdout);
            }

            var resumed = await workspace.RunAsync("resume", id);

            Assert.True(resumed.ExitCode == 0, $"{why}\n{resumed}");
            await expected.AssertEveryNodeDowngradedAsync();
            Assert.True(lab.Count("ctl", "yum -y downgrade") == 1, why);
            Assert.True(lab.Count("c1", "yum -y downgrade") == 1, why);
            Assert.True(lab.Count("u1", "apt-get install") == 1, why);
            Assert.True(lab.Count("x1", "apt-get install") == 1, why);
        }
    }
}
