using System.Collections.Concurrent;
using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Steps.Compute;
using Saga.Activities.Steps.Control;

namespace Saga.Workflows;

/// <summary>One step of a plan: what it would run on each node.</summary>
public sealed record PlannedStep(string ActivityId, string Title, IReadOnlyList<PlannedNode> Nodes);

/// <summary>The commands one step would run on one node.</summary>
public sealed record PlannedNode(string Node, string Platform, IReadOnlyList<string> Commands);

/// <summary>
/// <c>saga plan</c>: every command per node, in the flow's order, without changing anything. It only reads: each node's
/// /etc/os-release, installed versions and felix.cfg, and the 2.6 versions (Ubuntu: <c>apt-cache madison</c>; CentOS:
/// repoquery of the 2.6 repository into a private cache; where that cannot be read, the plan says why).
/// </summary>
public sealed class DowngradePlanner(INodeShell shell, NodeFactsReader reader)
{
    private const string Unresolved = "<2.6>";

    public async Task<IReadOnlyList<PlannedStep>> PlanAsync(ClusterInventory inventory, CancellationToken cancellationToken)
    {
        var facts = new ConcurrentDictionary<string, NodeFacts>();
        var neutron = new ConcurrentDictionary<string, byte[]?>();
        await Parallel.ForEachAsync(inventory.Nodes, new ParallelOptions { MaxDegreeOfParallelism = inventory.FanOut.Parallel, CancellationToken = cancellationToken }, async (node, ct) =>
        {
            facts[node.Name] = await reader.ReadAsync(node, ct);
            neutron[node.Name] = await shell.ReadFileAsync(node, NeutronConfig.Path, ct);
        });
        var versions = await ResolveAsync(inventory, facts, cancellationToken);

        NodeFacts F(NodeSpec n) => facts[n.Name];
        PlannedNode On(NodeSpec n, params IEnumerable<string>[] commands) => new(n.Name, F(n).Platform.Key, commands.SelectMany(c => c).ToList());
        string Render(NodeSpec n, ShellCommand c) => c.Render(n.Ssh.Sudo);
        IEnumerable<string> NoSource31(NodeSpec n) =>
            ["check that no enabled source names calico-3.1", Render(n, F(n).Platform.Packages.ListAvailable(CalicoPackages.For(n, F(n).Platform.Family))) + "   # offers no 3.1 version"];
        IEnumerable<string> Install(NodeSpec n, string step)
        {
            var platform = F(n).Platform;
            var preview = versions[platform.Key];
            var installed = F(n).Installed;
            var packages = CalicoPackages.For(n, platform.Family);
            var wanted = packages.Where(p => installed.ContainsKey(p) || installed.PartWay.ContainsKey(p))
                .Select(p => new PackageVersion(p, preview.Versions.GetValueOrDefault(p, Unresolved)))
                .Where(p => installed.PartWay.ContainsKey(p.Package) || installed[p.Package] != p.Version).ToList();
            var lines = new List<string>();
            if (installed.PartWay.Count > 0)
                lines.Add($"# left part-way by an earlier transaction: {string.Join("; ", installed.PartWay.Values)}; completed first: {Render(n, platform.Packages.Complete())}");
            if (wanted.Count == 0)
                return [.. lines, "(nothing: already at the 2.6 set)"];
            if (preview.Unknown is { } why)
                lines.Add($"# {Unresolved} below: not known yet: {why}");
            lines.Add(Render(n, platform.Packages.Install(wanted)) + $"   # detached on the node, output in /var/backups/saga/<instance>/packages/{step}.N/");
            return lines;
        }

        IEnumerable<string> NeutronPort(NodeSpec n) => [EtcdPortPlan(n, neutron[n.Name])];
        IEnumerable<string> RestartNeutron(NodeSpec n) =>
        [
            Render(n, F(n).Platform.Services.Restart(RestartNeutronServer.Service)), Render(n, F(n).Platform.Services.Status(RestartNeutronServer.Service)),
            $"watch {CalicoDriverLog.For(RestartNeutronServer.Service, F(n).Platform)} for Calico etcd errors for {inventory.Verify.Settle.TotalSeconds:0.#} s (verify.settle)",
        ];

        var controlOnly = inventory.ControlNodes.Where(n => !n.Is(NodeRole.Compute)).ToList();
        var steps = new List<PlannedStep>();
        if (inventory.Etcd is { } clusters)
            steps.Add(EtcdClusters(inventory, clusters));
        steps.Add(new("preflight", "Preflight: reach every node, back up", inventory.Nodes.Select(n => On(n,
            ["cat /etc/os-release", Render(n, ShellCommand.Sudo("true")), Render(n, F(n).Platform.Packages.QueryInstalled(CalicoPackages.For(n, F(n).Platform.Family))), "hostname"],
            ["check FELIX_DATASTORETYPE is not set for the felix service", $"check neutron.conf [calico]: {NeutronCheckPlan(n, neutron[n.Name], inventory.Etcd)}",
             $"back up felix.cfg, {string.Join(", ", F(n).Platform.Repository.Files)}, calicoctl.cfg, neutron.conf to /var/backups/saga/<instance>/",
             Render(n, F(n).Platform.Packages.Download(F(n).Installed.Select(p => new PackageVersion(p.Key, p.Value)).ToList(), $"/var/backups/saga/<instance>/{PackageFiles.Folder}")) +
             "   # the installed package files, for a restore; what cannot be fetched, a restore needs from the repository"])).ToList()));
        if (inventory.Etcd is { } v2 && !inventory.Skips(SkipStep.ReadyFlag))
        {
            var runOn = inventory.Node(v2.RunOn);
            var etcdctl = Etcdctl.ForPlan(2, v2.V2);
            steps.Add(new("ready-flag", $"{ResetCalicoReadyFlag.ReadyKey} back to true on the v2 cluster, before any package changes", [On(runOn,
                [etcdctl.Command("ls", ResetCalicoReadyFlag.ConfigKey) + $"   # must exist: Calico 2.6's datastore",
                 etcdctl.Command("get", ResetCalicoReadyFlag.ReadyKey).ToString(), etcdctl.Command("set", ResetCalicoReadyFlag.ReadyKey, "true") + "   # only if not true"])]));
        }
        else
            steps.Add(Skipped("ready-flag", SkipStep.ReadyFlag, $"{ResetCalicoReadyFlag.ReadyKey} is neither read nor set"));

        if (inventory.Calicoctl is { } ctl && !inventory.Skips(SkipStep.Calicoctl))
        {
            steps.Add(new("install-calicoctl", "1. Install calicoctl v1.6", ctl.Nodes.Select(inventory.Node).Select(n => On(n,
                F(n).Calicoctl.Where(c => c.Path != ctl.InstallPath && c.Version?.StartsWith("v1.6.", StringComparison.Ordinal) != true).Select(c => Render(n, ShellCommand.Sudo("rm", "-f", c.Path))),
                [$"upload {ctl.Source} (sha256 {ctl.Sha256[..12]}...) to {ctl.InstallPath}", Render(n, ShellCommand.Sudo("chmod", "0755", ctl.InstallPath)), $"{ctl.InstallPath} version"],
                ctl.ConfigBackup is { } backup ? [$"restore /etc/calico/calicoctl.cfg from {backup} if it is in v3 format"] : [])).ToList()));
        }
        else
            steps.Add(Skipped("install-calicoctl", SkipStep.Calicoctl, "calicoctl is left as it is"));

        var prepared = DowngradeVariables.PreparedInClusterFlow(inventory, facts.ToDictionary(f => f.Key, f => f.Value.Platform.Key));
        IEnumerable<string> Prepare(NodeSpec n) => prepared.Contains(n)
            ? ["(repository and cache: done in the cluster's steps above)"]
            : [F(n).Platform.Repository.Plan, Render(n, F(n).Platform.Packages.CleanCache())];
        steps.Add(new("point-repo", "2. Point the repo at 2.6 (control nodes, and a compute node of each OS and release no control node runs; the other compute nodes in their own flow)",
            prepared.Select(n => On(n, [F(n).Platform.Repository.Plan])).ToList()));
        steps.Add(new("clean-cache", "3.1/4.2 Clean the package cache (the same nodes)", prepared.Select(n => On(n, [Render(n, F(n).Platform.Packages.CleanCache())])).ToList()));
        steps.Add(new("resolve-versions", "Resolve the 2.6 version set", inventory.Nodes.GroupBy(n => F(n).Platform.Key).Select(g => prepared.FirstOrDefault(g.Contains) ?? g.First()).Select(n => On(n,
            [Render(n, F(n).Platform.Packages.ListAvailable(inventory.Nodes.Where(o => F(o).Platform.Key == F(n).Platform.Key).SelectMany(o => CalicoPackages.For(o, F(n).Platform.Family)).Distinct().ToList())),
             $"# {F(n).Platform.Key}: {Preview(versions[F(n).Platform.Key])}"])).ToList()));
        steps.Add(new("neutron-etcd-port", "neutron.conf [calico] etcd_port (control nodes)", controlOnly.Select(n => On(n, NeutronPort(n))).ToList()));
        steps.Add(new("downgrade-control", "3.1 Downgrade control packages", controlOnly.Select(n => On(n, Install(n, "downgrade-control"))).ToList()));
        steps.Add(new("restart-neutron", "3.2 Restart neutron-server", controlOnly.Select(n => On(n, RestartNeutron(n))).ToList()));
        steps.Add(new("check-sources-control", "Check no source offers 3.1 (control nodes)", controlOnly.Select(n => On(n, NoSource31(n))).ToList()));
        steps.Add(new("compute", $"4. Compute nodes ({inventory.FanOut.Canary} canary first, {inventory.FanOut.Parallel} at a time; control+compute nodes first, both package lists in one transaction)",
            inventory.ComputeNodes.Select(n => On(n,
            Prepare(n),
            [F(n).FelixConfig is { } cfg && FelixConfig.HasEtcdv3Datastore(cfg) ? $"remove 'DatastoreType = etcdv3' from {FelixConfig.Path}" : $"(no DatastoreType = etcdv3 line in {FelixConfig.Path})"],
            inventory.FelixEtcdEndpoints is { } endpoints ? [$"set EtcdEndpoints = {endpoints} in {FelixConfig.Path}"] : [],
            NeutronPort(n),
            Install(n, "downgrade-packages"),
            [Render(n, F(n).Platform.Services.Restart(RestartFelix.Service)) + "   # after the packages changed; the node's time, felix's PID and log size recorded first"],
            F(n).Platform.Family == NodePlatform.CentOS
                ? [Render(n, ShellCommand.Sudo("pkill", "-f", RestartDhcpAgentAfterDnsmasq.CalicoDnsmasq)) + "   # only if dnsmasq changed since preflight: the Calico DHCP agent's dnsmasq, not libvirt's"]
                : [],
            [Render(n, F(n).Platform.Services.Restart(RestartDhcpAgentAfterDnsmasq.Service)) + "   # if its packages changed; then it must run the same process for the settle period, no etcd ERROR in its log"],
            n.Is(NodeRole.Control) ? RestartNeutron(n) : [],
            ["calico-felix --version   # must print Version: 2.6.x",
             $"{Render(n, F(n).Platform.Services.MainProcess(VerifyFelixVersion.Service))}; ps -o pid= -o etimes= -o args= -p PID   # started after the restart, the same after {inventory.Verify.Settle.TotalSeconds} s",
             $"read {FelixLog.DefaultPath} since the restart: 'Successfully loaded configuration.', no FATAL/PANIC, ERROR about the datastore, or datastore-not-ready line"],
            NoSource31(n))).ToList()));
        steps.Add(new("approve-canary", inventory.Gates.AfterCanary
            ? "Approval after the canary compute nodes (gates.afterCanary: true): saga approve ID"
            : "No approval after the canaries (gates.afterCanary: false)", []));
        steps.Add(new("verify-live", "Before the etcdv3 delete: every node probed live again", inventory.Nodes.Select(n => On(n,
            [Render(n, F(n).Platform.Packages.QueryInstalled(CalicoPackages.For(n, F(n).Platform.Family))) + "   # at the 2.6 set"],
            n.Is(NodeRole.Compute) ? [$"read {FelixConfig.Path}: no DatastoreType = etcdv3", "calico-felix --version", Render(n, F(n).Platform.Services.Status(VerifyFelixVersion.Service))] : [],
            n.Is(NodeRole.Control) ? [Render(n, F(n).Platform.Services.Status(RestartNeutronServer.Service))] : [])).ToList()));
        if (inventory.Etcd is { } v3 && !inventory.Skips(SkipStep.EtcdCleanup))
        {
            var runOn = inventory.Node(v3.RunOn);
            var etcdctl = Etcdctl.ForPlan(3, v3.V3);
            var dump = $"/var/backups/saga/<instance>/etcdv3-calico-<time>.json";
            steps.Add(new("etcdv3-nodes", "Every node etcdv3 knows is in the inventory and verified", [On(runOn,
                [etcdctl.Command("get", CheckEtcdV3Nodes.NodesPrefix, "--prefix", "--keys-only").ToString(),
                 $"# each NAME must be one of: {string.Join(", ", inventory.Nodes.Select(n => CalicoNameText(n, F(n))))}"])]));
            steps.Add(new("dump-etcdv3", "Dump the etcdv3 data (keys and values, to put them back)", [On(runOn,
                [etcdctl.CommandTo(dump, "get", "--prefix", EtcdV3.CalicoPrefix, "-w", "json").ToString(), Render(runOn, ShellCommand.Sudo("sha256sum", dump)) + "   # journalled"])]));
            steps.Add(new("approve-delete", inventory.Gates.BeforeEtcdDelete
                ? "Approval before the delete, showing the key count and the dump (gates.beforeEtcdDelete: true): saga approve ID"
                : "No approval before the delete (gates.beforeEtcdDelete: false)", []));
            steps.Add(new("delete-etcdv3", $"Delete the migrated data from the v3 cluster ({string.Join(',', v3.V3.Endpoints)})", [On(runOn,
                [etcdctl.Command("get", "--prefix", EtcdV3.CalicoPrefix, "--keys-only", "-w", "json") + "   # nothing changed since the dump, or dump again",
                 etcdctl.Command("del", DeleteMigratedEtcdV3Data.Prefix, "--prefix").ToString(),
                 etcdctl.Command("get", DeleteMigratedEtcdV3Data.Prefix, "--prefix", "--keys-only") + "   # must print nothing"])]));
        }
        else
            steps.Add(Skipped("delete-etcdv3", SkipStep.EtcdCleanup, "the migrated data stays in etcdv3"));

        return steps;
    }

    /// <summary>Both clusters and what is done on each.</summary>
    private static PlannedStep EtcdClusters(ClusterInventory inventory, EtcdSettings etcd)
    {
        string Cluster(EtcdCluster c, string variable) =>
            string.Join(',', c.Endpoints) + (c.User is { } user ? $", user {user} (password from {variable})" : "") + (c.CaCertFile is null ? "" : ", TLS");
        var v2 = inventory.Skips(SkipStep.ReadyFlag)
            ? Skipping.Text(SkipStep.ReadyFlag, "nothing is read or written here")
            : $"read with ETCDCTL_API=2: {ResetCalicoReadyFlag.ConfigKey} must exist, {ResetCalicoReadyFlag.ReadyKey} set back to true; nothing else is written, nothing deleted";
        var v3 = inventory.Skips(SkipStep.EtcdCleanup)
            ? Skipping.Text(SkipStep.EtcdCleanup, "nothing is read or deleted here")
            : $"ETCDCTL_API=3: its nodes compared with the inventory, {EtcdV3.CalicoPrefix} dumped, then deleted{(inventory.Gates.BeforeEtcdDelete ? " after an approval" : "")}";
        return new("etcd", $"The two etcd clusters{(etcd.OneCluster ? " (one cluster serves both)" : "")}; etcdctl runs on {etcd.RunOn}",
        [
            new("v2 cluster", Cluster(etcd.V2, Etcdctl.V2PasswordVariable), [$"Calico 2.6's datastore: {v2}"]),
            new("v3 cluster", Cluster(etcd.V3, Etcdctl.V3PasswordVariable), [$"the data calico-upgrade migrated: {v3}"]),
        ]);
    }

    private static PlannedStep Skipped(string activityId, SkipStep step, string consequence) => new(activityId, Skipping.Text(step, consequence), []);

    private static string EtcdPortPlan(NodeSpec node, byte[]? neutron) => neutron is null ? $"({NeutronConfig.Path} not present)"
        : NeutronConfig.EtcdPort(neutron) is { } port ? $"(etcd_port = {port} is set)"
        : node.Neutron.EtcdPort is { } wanted ? $"back up {NeutronConfig.Path}, then write etcd_port = {wanted} into [calico] (unset now: 1.4.3 would use {NeutronConfig.DefaultPort})"
        : node.Neutron.AcceptDefaultPort ? $"(etcd_port stays unset: {NeutronConfig.DefaultPort} accepted)"
        : "REFUSED at preflight: etcd_port is unset; say neutron: { etcdPort: 2379 } or neutron: { acceptDefaultPort: true }";

    private static string NeutronCheckPlan(NodeSpec node, byte[]? neutron, EtcdSettings? etcd)
    {
        if (neutron is null)
            return "not present";
        var (host, port) = NeutronConfig.Endpoint(neutron, node.Neutron.EtcdPort);
        var target = port is null ? $"etcd_port '{NeutronConfig.EtcdPort(neutron)}' is not a port: REFUSED at preflight" : $"{host}:{port}";
        return etcd is not null && port is { } p && !etcd.OneCluster && etcd.V3.Has(host, p) && !etcd.V2.Has(host, p)
            ? $"{target} is the v3 cluster, not the v2 one: REFUSED at preflight"
            : $"networking-calico 1.4.3 will use {target}; {EtcdPortPlan(node, neutron)}";
    }

    private static string CalicoNameText(NodeSpec node, NodeFacts facts) =>
        facts.FelixConfig is { } cfg && FelixConfig.FelixHostname(cfg) is { } name ? name : $"{node.Name}'s hostname";

    /// <summary>The 2.6 set once per OS and release, read without changing any node (<see cref="VersionPreview"/>).</summary>
    private async Task<Dictionary<string, PreviewedVersions>> ResolveAsync(ClusterInventory inventory, ConcurrentDictionary<string, NodeFacts> facts, CancellationToken cancellationToken)
    {
        var sets = new Dictionary<string, PreviewedVersions>();
        foreach (var group in inventory.Nodes.GroupBy(n => facts[n.Name].Platform.Key))
        {
            var node = group.First();
            var platform = facts[node.Name].Platform;
            var packages = group.SelectMany(n => CalicoPackages.For(n, platform.Family)).Distinct().ToList();
            sets[group.Key] = await new VersionPreview(shell).ResolveAsync(node, platform, packages, cancellationToken);
        }

        return sets;
    }

    private static string Preview(PreviewedVersions preview) =>
        string.Join(", ", preview.Versions.Select(v => $"{v.Key}={v.Value}")) is { Length: > 0 } known
            ? $"{known} (from {preview.Source}){(preview.Unknown is { } why ? $"; not known yet: {why}" : "")}"
            : $"not known yet: {preview.Unknown}";
}
