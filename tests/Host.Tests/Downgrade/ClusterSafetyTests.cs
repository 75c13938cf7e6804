using System.Text;
using Saga.Activities.Calico;
using Saga.Activities.Steps.Cluster;
using Saga.Host.Tests.Support;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Downgrade;

/// <summary>
/// saga run against the lab for what a real cluster needs beyond the runbook's commands: the two etcd clusters and the
/// evidenced delete, neutron.conf's etcd_port, approvals, skipped steps, nodes with both roles, one run per cluster.
/// </summary>
public sealed class ClusterSafetyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_GatesOn_WaitsAfterTheCanaryAndBeforeTheDeleteShowingTheKeyCountAndDump_AndRefusesAnOverlappingRunUnlessForced()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute", "c2:trusty:compute");
        await SetGatesAsync(lab, afterCanary: true, beforeEtcdDelete: true);
        using var workspace = new Workspace();
        var expected = new DowngradedCluster(lab);
        expected.RememberFelixConfigs();

        var first = await workspace.RunAsync("run", "-i", lab.InventoryPath);
        var id = Workspace.InstanceIdIn(first.Stdout);
        var second = await workspace.RunAsync("run", "-i", lab.InventoryPath);
        // the forced run stops at its preflight (its inventory says os: ubuntu), so the two runs do not work the nodes at once here
        var other = workspace.Write("same-nodes.yaml", (await File.ReadAllTextAsync(lab.InventoryPath, Ct)).Replace("os: auto", "os: ubuntu", StringComparison.Ordinal)
            .Replace("client/id_ed25519", Path.Combine(lab.Directory, "client", "id_ed25519"), StringComparison.Ordinal)
            .Replace("knownHostsFile: known_hosts", $"knownHostsFile: {Path.Combine(lab.Directory, "known_hosts")}", StringComparison.Ordinal)
            .Replace("source: calicoctl-v1.6.3", $"source: {Path.Combine(lab.Directory, "calicoctl-v1.6.3")}", StringComparison.Ordinal));
        var refusedOther = await workspace.RunAsync("run", "-i", other);
        var forced = await workspace.RunAsync("run", "-i", other, "--force");
        var forcedId = Workspace.InstanceIdIn(forced.Stdout);
        await workspace.RunAsync("cancel", forcedId);
        var afterCanary = await workspace.RunAsync("approve", id, "--comment", "canary fine");
        var waiting = await workspace.RunAsync("status", id, "--output");
        Assert.Equal(15, (await lab.EtcdctlAsync(3, "get", "/calico/", "--prefix", "--keys-only")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        var approved = await workspace.RunAsync("approve", id);

        Assert.True(first.ExitCode == 3, first.ToString());
        Assert.Contains("waiting on 'Approval' at approve-canary", first.Stdout, StringComparison.Ordinal);
        Assert.Contains("Approval asked at approve-canary: The canary compute node(s) c1 are downgraded and verified. Go on with the other 1?", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, second.ExitCode);
        Assert.Contains($"another run has not ended on nodes of this cluster: instance {id}", second.Stderr, StringComparison.Ordinal);
        Assert.Contains("--force", second.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, refusedOther.ExitCode);
        Assert.True(forced.ExitCode == 1 && forced.Stdout.Contains("faulted at preflight", StringComparison.Ordinal), forced.ToString());
        var forcedJournal = await workspace.InstanceAsync(forcedId);
        Assert.StartsWith($"Started with --force: it overlaps instance {id}", forcedJournal.Journal.First(j => j.ActivityId == "preflight").Output, StringComparison.Ordinal);
        Assert.True(afterCanary.ExitCode == 3, afterCanary.ToString());
        Assert.Contains("waiting on 'Approval' at approve-delete", afterCanary.Stdout, StringComparison.Ordinal);
        var prompt = $"Approval asked at approve-delete: Delete 15 key(s) under /calico/ from the v3 cluster {lab.EtcdV3}? They are dumped in ctl:/var/backups/saga/{id}/etcdv3-calico-";
        Assert.Contains(prompt, afterCanary.Stdout, StringComparison.Ordinal);
        Assert.Contains(prompt["Approval asked at approve-delete: ".Length..], waiting.Stdout, StringComparison.Ordinal);
        Assert.True(approved.ExitCode == 0, approved.ToString());
        await expected.AssertEveryNodeDowngradedAsync();
        var journal = (await workspace.InstanceAsync(id)).Journal.ToList();
        var dump = journal.Single(j => j.ActivityId == "dump-etcdv3" && j.EventName == "Executed").Output!;
        var file = Directory.GetFiles(lab.NodePath("ctl", $"/var/backups/saga/{id}"), "etcdv3-calico-*.json").Single();
        Assert.Contains("sha256 " + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(await File.ReadAllBytesAsync(file, Ct))), dump, StringComparison.Ordinal);
        Assert.Equal(["approve-canary", "approve-delete"], journal.Where(j => j.ActivityType == "Approval" && j.EventName == "Executed").Select(j => j.ActivityId));
        Assert.True(journal.FindIndex(j => j.ActivityId == "approve-delete" && j.EventName == "Executed") < journal.FindIndex(j => j.ActivityId == "delete-etcdv3"));
    }

    [Fact]
    public async Task Run_NeutronConfWithoutEtcdPortOrPointingAtTheV3Etcd_IsRefusedAtPreflight_ThenTheMissingPortIsWrittenWhenTheInventorySaysWhich()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control:no-etcd-port", "c1:xenial:compute:neutron-v3");
        using var workspace = new Workspace();
        var before = await File.ReadAllTextAsync(lab.NodePath("ctl", NeutronConfig.Path), Ct);

        var refused = await workspace.RunAsync("run", "-i", lab.InventoryPath);
        var changedByRefusedRun = lab.Journal("ctl").Concat(lab.Journal("c1")).ToList();
        await workspace.RunAsync("cancel", Workspace.InstanceIdIn(refused.Stdout));
        await lab.SshAsync("c1", $"sudo -n sed -i 's/^etcd_host = .*/etcd_host = {lab.Subnet}.2/' {NeutronConfig.Path}"); // as the operator would
        await File.AppendAllTextAsync(lab.InventoryPath, "neutron:\n  etcdPort: 2379\n", Ct);
        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath);

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains("faulted at preflight", refused.Stdout, StringComparison.Ordinal);
        Assert.Contains("ctl (/etc/neutron/neutron.conf [calico] leaves etcd_port unset: networking-calico 1.4.3 would use 4001", refused.Stdout, StringComparison.Ordinal);
        Assert.Contains($"c1 (/etc/neutron/neutron.conf [calico] etcd_host/etcd_port = {lab.Subnet}.3:2379 is the v3 cluster", refused.Stdout, StringComparison.Ordinal);
        Assert.Empty(changedByRefusedRun);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(before.Replace($"etcd_host = {lab.Subnet}.2\n", $"etcd_host = {lab.Subnet}.2\netcd_port = 2379\n", StringComparison.Ordinal),
            await File.ReadAllTextAsync(lab.NodePath("ctl", NeutronConfig.Path), Ct));
        var id = Workspace.InstanceIdIn(run.Stdout);
        var backup = Directory.GetFiles(lab.NodePath("ctl", $"/var/backups/saga/{id}"), "_etc_neutron_neutron.conf.*").Single();
        Assert.Equal(before, await File.ReadAllTextAsync(backup, Ct));
        Assert.DoesNotContain(" ERROR ", await File.ReadAllTextAsync(lab.NodePath("ctl", "/var/log/neutron/server.log"), Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_DefaultPortAccepted_GoesOnAndTheLogCheckAfterTheRestartCatchesTheDriversEtcdErrors()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control:no-etcd-port", "c1:centos7:compute");
        await File.AppendAllTextAsync(lab.InventoryPath, "neutron:\n  acceptDefaultPort: true\n", Ct);
        using var workspace = new Workspace();

        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("faulted at restart-neutron", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("neutron-server logs Calico etcd errors after the restart", run.Stdout, StringComparison.Ordinal);
        Assert.Contains($"port=4001", run.Stdout, StringComparison.Ordinal);
        var preflight = (await workspace.InstanceAsync(Workspace.InstanceIdIn(run.Stdout))).Journal.First(j => j.ActivityId == "preflight").Output!;
        Assert.Contains("etcd_port is unset: networking-calico 1.4.3 will use 4001 (neutron.acceptDefaultPort: true)", preflight, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_UnknownNodeInEtcdV3_StopsBeforeTheDumpNamingIt_AndASkippedStepIsJournalledAsSkipped()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:xenial:compute");
        await lab.EtcdctlAsync(3, "put", CheckEtcdV3Nodes.NodesPrefix + "old-compute-3", "{}");
        await File.WriteAllTextAsync(lab.InventoryPath, "skip: [calicoctl]\n" + WithoutSection(await File.ReadAllTextAsync(lab.InventoryPath, Ct), "calicoctl:"), Ct);
        using var workspace = new Workspace();

        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath);

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("faulted at etcdv3-nodes", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("etcdv3 knows node(s) the inventory does not: old-compute-3", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(15, (await lab.EtcdctlAsync(3, "get", "/calico/", "--prefix", "--keys-only")).Split('\n', StringSplitOptions.RemoveEmptyEntries).Length); // nothing deleted
        var journal = (await workspace.InstanceAsync(Workspace.InstanceIdIn(run.Stdout))).Journal;
        Assert.Equal("Skipped: the inventory says skip: [calicoctl]; calicoctl is left as it is on every node.", journal.Single(j => j.ActivityId == "install-calicoctl").Output);
        Assert.Contains("Client Version:    v3.1.3", await lab.SshAsync("c1", "calicoctl version; true"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_ControlAndComputeNode_IsDowngradedInOneTransactionThenNeutronServerAndFelixAreVerified()
    {
        await using var lab = await Lab.StartAsync("cc:centos7:control+compute", "c1:trusty:compute");
        using var workspace = new Workspace();
        var expected = new DowngradedCluster(lab);
        expected.RememberFelixConfigs();

        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        await expected.AssertEveryNodeDowngradedAsync();
        var journal = lab.Journal("cc").Select(l => l.Split(' ', 2)[1]).ToList();
        var transaction = Assert.Single(journal, l => l.StartsWith("yum -y downgrade", StringComparison.Ordinal));
        Assert.Contains("calico-control", transaction, StringComparison.Ordinal);
        Assert.Contains("calico-felix", transaction, StringComparison.Ordinal);
        Assert.True(journal.FindLastIndex(l => l.Contains("restart neutron-server", StringComparison.Ordinal)) > journal.IndexOf(transaction), string.Join('\n', journal));
        var node = (await workspace.ChildrenAsync(Workspace.InstanceIdIn(run.Stdout))).Single(c => c.Summary.Name == "cc");
        var steps = node.Journal.Where(j => j.EventName == "Executed").Select(j => j.ActivityId).ToList();
        Assert.True(steps.IndexOf("remove-datastore-type") < steps.IndexOf("downgrade-packages") && steps.IndexOf("downgrade-packages") < steps.IndexOf("restart-neutron-server")
                    && steps.IndexOf("restart-neutron-server") < steps.IndexOf("verify-felix"), string.Join(", ", steps));
        Assert.Equal(1, workspace.CountInLog("Executing activity downgrade-control ")); // the cluster's control step ran, with no node of its own
    }

    private static async Task SetGatesAsync(Lab lab, bool afterCanary, bool beforeEtcdDelete)
    {
        var text = await File.ReadAllTextAsync(lab.InventoryPath, Ct);
        text = text.Replace("  afterCanary: false", $"  afterCanary: {afterCanary.ToString().ToLowerInvariant()}", StringComparison.Ordinal)
            .Replace("  beforeEtcdDelete: false", $"  beforeEtcdDelete: {beforeEtcdDelete.ToString().ToLowerInvariant()}", StringComparison.Ordinal);
        await File.WriteAllTextAsync(lab.InventoryPath, text, Ct);
    }

    private static string WithoutSection(string yaml, string header)
    {
        var lines = yaml.Split('\n').ToList();
        var at = lines.IndexOf(header);
        var end = at + 1;
        while (end < lines.Count && lines[end].StartsWith(' '))
            end++;
        lines.RemoveRange(at, end - at);
        return string.Join('\n', lines);
    }
}
