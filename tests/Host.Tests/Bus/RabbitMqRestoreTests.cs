using System.Text.RegularExpressions;
using Saga.Contracts;
using Saga.Engine.Instances;
using Saga.Host.Tests.Downgrade;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Bus;

/// <summary>The signed RestoreNodes command over a real RabbitMQ (Debian's rabbitmq-server), against a lab of real SSH nodes.</summary>
public sealed partial class RabbitMqRestoreTests
{
    [Fact]
    public async Task RestoreNodes_unsigned_forged_replayed_or_malformed_is_rejected_and_starts_nothing()
    {
        await using var broker = await Broker.StartAsync();
        await using var observer = await BusObserver.StartAsync(broker);
        using var hosts = new BusHosts(broker);
        hosts.Serve(runNodes: true);
        var runs = Enumerable.Range(0, 8).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var now = DateTimeOffset.UtcNow;

        await observer.SendAsIsAsync(new RestoreNodes(runs[0], NewId(), All: true));
        await observer.SendAsIsAsync(CommandSignature.Sign(new RestoreNodes(runs[1], NewId(), All: true), Broker.CommandKeyId, "a-key-the-hosts-do-not-hold-0123456789", now));
        var signed = CommandSignature.Sign(new RestoreNodes(runs[2], NewId(), ["c1"]), Broker.CommandKeyId, Broker.CommandKey, now);
        await observer.SendAsIsAsync(signed with { All = true, Nodes = null }); // the key's holder asked for one node
        var once = CommandSignature.Sign(new RestoreNodes(runs[3], NewId(), All: true), Broker.CommandKeyId, Broker.CommandKey, now);
        await observer.SendAsIsAsync(once);
        await observer.WaitForAsync<CommandRejected>(e => e.InstanceId == runs[3]);
        await observer.SendAsIsAsync(once);
        await observer.SendAsync(new RestoreNodes(runs[4], NewId(), ["c1"], All: true));
        await observer.SendAsync(new RestoreNodes(runs[5], NewId()));
        await observer.SendAsync(new RestoreNodes(runs[6], "not-an-id", All: true));
        await observer.SendAsync(new RestoreNodes(runs[7], NewId(), [" "]));

        Assert.Contains("it is not signed", (await Rejected(runs[0])).Reason, StringComparison.Ordinal);
        Assert.Contains("its signature does not match key 'tests'", (await Rejected(runs[1])).Reason, StringComparison.Ordinal);
        Assert.Contains("its signature does not match key 'tests'", (await Rejected(runs[2])).Reason, StringComparison.Ordinal);
        Assert.Contains($"no instance '{runs[3]}'", (await Rejected(runs[3])).Reason, StringComparison.Ordinal); // signed and fresh: it reached the consumer
        await observer.WaitForAsync<CommandRejected>(e => e.InstanceId == runs[3] && e.Reason.Contains("nonce was used before", StringComparison.Ordinal));
        Assert.Equal("name nodes or ask for all of them, not both", (await Rejected(runs[4])).Reason);
        Assert.Equal("say which nodes to restore (a non-empty list of node names) or all", (await Rejected(runs[5])).Reason);
        Assert.Equal("RestoreId 'not-an-id' is not 32 hex digits", (await Rejected(runs[6])).Reason);
        Assert.Equal("a node name is empty", (await Rejected(runs[7])).Reason);
        Assert.All(observer.Of<CommandRejected>(), e => Assert.Equal(nameof(RestoreNodes), e.Command));
        Assert.Empty(observer.Of<RestoreStarted>());
        Assert.Equal(0, await hosts.Workspace.CountInstancesAsync());

        Task<CommandRejected> Rejected(string id) => observer.WaitForAsync<CommandRejected>(e => e.InstanceId == id);
    }

    [Fact]
    public async Task RestoreNodes_all_after_a_finished_run_restores_every_node_and_etcd_once_and_refuses_what_saga_restore_refuses()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute");
        await using var broker = await Broker.StartAsync();
        await using var observer = await BusObserver.StartAsync(broker);
        using var hosts = new BusHosts(broker);
        var seeded = new SeededCluster(lab);
        await seeded.RememberAsync();
        hosts.Serve(runNodes: true);
        var run = await hosts.TriggerStartAsync("-i", lab.InventoryPath);
        Assert.Equal(InstanceStatus.Finished, (await hosts.WaitForEndAsync(run, TimeSpan.FromMinutes(6))).Summary.Status); // a safety limit: a loaded machine is slow
        var (oneNode, unknownNode, all) = (NewId(), NewId(), NewId());

        await observer.SendAsync(new RestoreNodes(run, oneNode, ["c1"]));
        await observer.SendAsync(new RestoreNodes(run, unknownNode, ["c11"]));
        var afterDelete = await observer.WaitForAsync<CommandRejected>(e => e.Reason.Contains("deleted the migrated data from etcdv3", StringComparison.Ordinal));
        var unknown = await observer.WaitForAsync<CommandRejected>(e => e.Reason.Contains("no node 'c11'", StringComparison.Ordinal));
        var trigger = await hosts.Workspace.RunAsync("trigger", "restore", run, "--all");
        Assert.True(trigger.ExitCode == 0, trigger.ToString());
        var restoreId = SentRestore().Match(trigger.Stdout).Groups[1].Value;
        var started = await observer.WaitForAsync<RestoreStarted>(e => e.RestoreId == restoreId);
        var restore = await hosts.WaitForEndAsync(restoreId, TimeSpan.FromMinutes(6));
        await observer.SendAsync(new RestoreNodes(run, restoreId, All: true)); // the same command again, signed anew
        await observer.SendAsync(new RestoreNodes(run, all, All: true)); // a second restore once the first ended
        var again = await observer.WaitForAsync<RestoreStarted>(e => e.RestoreId == all);

        Assert.Equal(run, afterDelete.InstanceId);
        Assert.Contains("restore the whole cluster", afterDelete.Reason, StringComparison.Ordinal);
        Assert.Contains("did you mean 'c1'?", unknown.Reason, StringComparison.Ordinal);
        Assert.Equal(run, started.InstanceId);
        Assert.Equal(["c1", "ctl"], started.Nodes);
        Assert.True(restore.Summary.Status == InstanceStatus.Finished, $"{restore.Summary.Status}: {restore.Summary.FaultMessage}\n{hosts}");
        await seeded.AssertNodeRestoredAsync("ctl");
        await seeded.AssertNodeRestoredAsync("c1");
        await seeded.AssertEtcdRestoredAsync();
        await observer.WaitForAsync<DowngradeFinished>(e => e.InstanceId == restoreId);
        Assert.Equal(["c1", "ctl"], observer.Of<DowngradeNodeFinished>().Where(e => e.InstanceId == restoreId).Select(e => e.Node).Order());
        Assert.Single(observer.Of<RestoreStarted>(), e => e.RestoreId == restoreId); // the repeat started nothing
        Assert.Equal(run, again.InstanceId);
        Assert.DoesNotContain(observer.Of<RestoreStarted>(), e => e.RestoreId == oneNode || e.RestoreId == unknownNode);
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    [GeneratedRegex("restore ([0-9a-f]{32})")]
    private static partial Regex SentRestore();
}
