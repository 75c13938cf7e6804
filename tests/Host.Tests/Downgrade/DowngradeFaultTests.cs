using Saga.Host.Tests.Support;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Downgrade;

/// <summary>saga run when things go wrong half-way: the cluster and the store stay consistent, and resume finishes only what is left.</summary>
public sealed class DowngradeFaultTests
{
    [Fact]
    public async Task Run_NodeUnreachableAtPreflight_DoesNotStartAndNamesTheNode()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute", "c2:centos7:compute");
        await lab.FaultAsync("c2", "sshd-down");
        using var workspace = new Workspace();
        workspace.Environment["Saga__Ssh__ConnectAttempts"] = "1";

        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("faulted at preflight", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("c2 (unreachable at", run.Stdout, StringComparison.Ordinal);
        foreach (var node in new[] { "ctl", "c1" })
            Assert.Empty(lab.Journal(node)); // nothing changed anywhere
    }

    [Fact]
    public async Task Plan_NodeUnreachable_FailsWithOneLineNamingTheNode()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:xenial:compute");
        await lab.FaultAsync("c1", "sshd-down");
        using var workspace = new Workspace();
        workspace.Environment["Saga__Ssh__ConnectAttempts"] = "1";

        var plan = await workspace.RunAsync("plan", "-i", lab.InventoryPath);

        Assert.Equal(1, plan.ExitCode);
        Assert.Equal($"saga: c1: unreachable at {lab.Inventory.Node("c1").Host}:22 after 1 attempt: cannot connect to {lab.Inventory.Node("c1").Host}:22: Connection refused", plan.Stderr.Trim());
        Assert.Empty(lab.Journal("ctl"));
    }

    [Fact]
    public async Task Run_UnknownHostKey_IsRefusedNamingTheNode()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:trusty:compute");
        var knownHosts = Path.Combine(lab.Directory, "known_hosts");
        var c1 = lab.Inventory.Node("c1").Host;
        await File.WriteAllLinesAsync(knownHosts, (await File.ReadAllLinesAsync(knownHosts, TestContext.Current.CancellationToken)).Where(l => !l.StartsWith(c1 + " ", StringComparison.Ordinal)), TestContext.Current.CancellationToken);
        using var workspace = new Workspace();

        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("c1 (host key unknown", run.Stdout, StringComparison.Ordinal);
        Assert.Empty(lab.Journal("ctl"));
    }

    [Fact]
    public async Task Resume_AfterAPackageFailureOnOneComputeNode_FinishesOnlyWhatIsLeft()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute", "c2:centos7:compute", "c3:trusty:compute");
        await lab.FaultAsync("c2", "fail", "yum", "downgrade");
        using var workspace = new Workspace();
        var expected = new DowngradedCluster(lab);
        expected.RememberFelixConfigs();

        var failed = await workspace.RunAsync("run", "-i", lab.InventoryPath, "--canary", "0");

        Assert.Equal(1, failed.ExitCode);
        Assert.Contains("c2 (faulted at", failed.Stdout, StringComparison.Ordinal);
        var id = Workspace.InstanceIdIn(failed.Stdout);
        await expected.AssertNodeAsync(lab.Inventory.Node("c1"));
        await expected.AssertNodeAsync(lab.Inventory.Node("c3"));

        await lab.FaultAsync("c2", "clear");
        var resumed = await workspace.RunAsync("resume", id);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        await expected.AssertEveryNodeDowngradedAsync();
        Assert.Equal(1, lab.Count("c1", "yum -y downgrade"));
        Assert.Equal(1, lab.Count("c3", "apt-get install"));
        Assert.Equal(1, lab.Count("c2", "yum -y downgrade"));
        // The node was probed again and its steps checked before they acted: "already done" is in its journal as data.
        var c2 = await workspace.RunAsync("status", Saga.Activities.Steps.Cluster.DowngradeComputeNodes.ChildId(id, "c2"));
        Assert.Matches(@"remove-datastore-type\s+c2\s+done\s+removed DatastoreType = etcdv3", c2.Stdout);
        Assert.Matches(@"remove-datastore-type\s+c2\s+alreadyDone\s+no DatastoreType = etcdv3 line", c2.Stdout);
    }

    [Fact]
    public async Task Resume_AfterTheOrchestratorWasKilledMidRun_CompletesWithoutRepeatingCompletedSteps()
    {
        await using var lab = await Lab.StartAsync(1, "ctl:centos7:control", "c1:centos7:compute", "c2:trusty:compute");
        using var workspace = new Workspace();
        var expected = new DowngradedCluster(lab);
        expected.RememberFelixConfigs();

        string id;
        using (var doomed = workspace.Start("run", "-i", lab.InventoryPath, "--canary", "0"))
        {
            await workspace.WaitForLogAsync("Executing activity downgrade-packages");
            doomed.Kill();
            id = Workspace.InstanceIdIn(doomed.Stdout);
        }

        var resumed = await workspace.RunAsync("resume", id);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        await expected.AssertEveryNodeDowngradedAsync();
        Assert.Equal(1, lab.Count("ctl", "yum -y downgrade"));
        Assert.Equal(1, lab.Count("ctl", "yum clean all"));
        Assert.Equal(1, workspace.CountInLog("Executing activity preflight "));
        Assert.Equal(1, workspace.CountInLog("Executing activity restart-neutron "));
    }

    [Fact]
    public async Task Run_InventoryWithShellMetacharacters_IsRefusedBeforeAnyNodeIsContacted()
    {
        using var workspace = new Workspace();
        var inventory = workspace.Write("evil.yaml", """
            nodes:
              - name: "c1; reboot"
                host: "$(reboot)"
                role: compute
            """);

        var run = await workspace.RunAsync("run", "-i", inventory);

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("nodes[0].name: 'c1; reboot' is not a node name", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("nodes[0].host: '$(reboot)' is not a host name or address", run.Stderr, StringComparison.Ordinal);
    }
}
