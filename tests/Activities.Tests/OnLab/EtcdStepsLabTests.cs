using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Tests.Support;
using Saga.Engine.Activities;
using Saga.Tests.Lab;

namespace Saga.Activities.Tests.OnLab;

/// <summary>The etcd steps against the lab's two real etcds (v2 data on one, the migrated v3 data on the other), over real SSH.</summary>
public sealed class EtcdStepsLabTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResetCalicoReadyFlag_TwoClusters_SetsReadyOnTheV2OneAndRefusesAV2ClusterWithoutCalicoData()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "cmp:xenial:compute");
        await using var shell = NodeLab.Shell();
        var inventory = lab.Inventory;
        var wrong = inventory with { Etcd = inventory.Etcd! with { V2 = inventory.Etcd.V3 } }; // the migrated cluster named as the v2 one

        var refused = await new ResetCalicoReadyFlag(shell, NullLogger<ResetCalicoReadyFlag>.Instance).ExecuteAsync(SomeCluster.Context(wrong), Ct);
        var done = await new ResetCalicoReadyFlag(shell, NullLogger<ResetCalicoReadyFlag>.Instance).ExecuteAsync(SomeCluster.Context(inventory), Ct);

        Assert.IsType<FaultResult>(refused);
        Assert.Contains($"the v2 cluster at {lab.EtcdV3} has no /calico/v1/config: it is not Calico 2.6's datastore", refused.Fault(), StringComparison.Ordinal);
        Assert.Contains("/calico/v1/Ready: false -> true", done.Output, StringComparison.Ordinal);
        Assert.Equal("true", (await lab.EtcdctlAsync(2, "get", "/calico/v1/Ready")).Trim());
        Assert.Contains("Key not found", await Lab.EtcdctlAsync(lab.EtcdV3, 2, "get", "/calico/v1/Ready"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task NodesDumpAndDelete_TwoClusters_StopOnAnUnknownNodeThenDumpAndDeleteOnlyTheV3Data()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "cmp:xenial:compute");
        await using var shell = NodeLab.Shell();
        var context = SomeCluster.Context(lab.Inventory);
        await lab.EtcdctlAsync(3, "put", CheckEtcdV3Nodes.NodesPrefix + "ghost-9", "{}");

        var unknown = await new CheckEtcdV3Nodes(shell, NullLogger<CheckEtcdV3Nodes>.Instance).ExecuteAsync(context, Ct);
        await lab.EtcdctlAsync(3, "del", CheckEtcdV3Nodes.NodesPrefix + "ghost-9");
        var known = await new CheckEtcdV3Nodes(shell, NullLogger<CheckEtcdV3Nodes>.Instance).ExecuteAsync(context, Ct);
        var dumped = await new DumpEtcdV3Data(shell, NullLogger<DumpEtcdV3Data>.Instance).ExecuteAsync(context, Ct);
        var dump = context.GetVariable<EtcdV3Dump>(DowngradeVariables.EtcdV3Dump)!;
        var deleted = await new DeleteMigratedEtcdV3Data(shell, NullLogger<DeleteMigratedEtcdV3Data>.Instance).ExecuteAsync(context, Ct);

        Assert.Equal(ActivityResultKind.Fault, unknown.Kind);
        Assert.Contains("etcdv3 knows node(s) the inventory does not: ghost-9", unknown.Fault(), StringComparison.Ordinal);
        Assert.Contains("1 node(s) in etcdv3, each in the inventory and verified", known.Output, StringComparison.Ordinal);
        Assert.Equal(ActivityResult.Done, dumped.Outcome());
        var file = await File.ReadAllBytesAsync(lab.NodePath("ctl", dump.Path), Ct);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(file)), dump.Sha256);
        Assert.Equal(14, dump.Keys); // the fixture's 13 and the compute node's resource
        Assert.Equal(14, EtcdV3.ParseJson(file).Kvs.Count(k => k.Key.StartsWith("/calico/", StringComparison.Ordinal)));
        Assert.Contains("deleted 14 key(s) under /calico/", deleted.Output, StringComparison.Ordinal);
        Assert.Equal("", (await lab.EtcdctlAsync(3, "get", "/calico/", "--prefix", "--keys-only")).Trim());
        Assert.Contains("untouched", await lab.EtcdctlAsync(3, "get", "/keep/me"), StringComparison.Ordinal);
        Assert.Equal("v2.6.5-7", (await lab.EtcdctlAsync(2, "get", "/calico/v1/config/CalicoVersion")).Trim());
    }

    [Fact]
    public async Task Etcdctl_ClusterWithAuthentication_GetsThePasswordOnStandardInputOnly()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control");
        await using var shell = NodeLab.Shell();
        await Lab.EtcdctlAsync(lab.EtcdV3, 3, "user", "add", "root:n0t-in-argv", "--interactive=false");
        await Lab.EtcdctlAsync(lab.EtcdV3, 3, "auth", "enable");
        var settings = lab.Inventory.Etcd! with { V3 = lab.Inventory.Etcd.V3 with { User = "root" } };
        var node = lab.Inventory.Node("ctl");

        var right = await RunWithPasswordAsync(shell, node, settings, "n0t-in-argv");
        var wrong = await RunWithPasswordAsync(shell, node, settings, "guessed");

        Assert.True(right.Result.Succeeded, right.Result.Transcript());
        Assert.Contains("untouched", right.Result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("n0t-in-argv", right.Command.Render(node.Ssh.Sudo), StringComparison.Ordinal);
        Assert.DoesNotContain("n0t-in-argv", right.Result.Transcript(), StringComparison.Ordinal);
        Assert.False(wrong.Result.Succeeded);
        Assert.Contains("authentication failed", wrong.Result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<(ShellCommand Command, CommandResult Result)> RunWithPasswordAsync(Saga.Activities.Nodes.Ssh.SshNodeShell shell, NodeSpec node, EtcdSettings settings, string password)
    {
        Environment.SetEnvironmentVariable(Etcdctl.V3PasswordVariable, password);
        try
        {
            var command = Etcdctl.V3(settings).Command("get", "/keep/me");
            return (command, await shell.RunAsync(node, command, Ct));
        }
        finally
        {
            Environment.SetEnvironmentVariable(Etcdctl.V3PasswordVariable, null);
        }
    }
}
