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
        await Parallel.ForEachAsync(inventory.Nodes, new ParallelOptions { MaxDegreeOfParallelism = inventory.FanOut.Parallel, CancellationToken = cancellationToken }, async (node, ct) =>
        {
            facts[node.Name] = await reader.ReadAsync(node, ct);
        });
        var versions = await ResolveAsync(inventory, facts, cancellationToken);
        var etcd = inventory.Etcd is { } e ? new Etcdctl(e, "***") : null;

        NodeFacts F(NodeSpec n) => facts[n.Name];
        PlannedNode On(NodeSpec n, params IEnumerable<string>[] commands) => new(n.Name, F(n).Platform.Key, commands.SelectMany(c => c).ToList());
        string Render(NodeSpec n, ShellCommand c) => c.Render(n.Ssh.Sudo);
        IEnumerable<string> NoSource31(NodeSpec n) =>
            ["check that no enabled source names calico-3.1", Render(n, F(n).Platform.Packages.ListAvailable(CalicoPackages.For(n.Role, F(n).Platform.Family))) + "   # offers no 3.1 version"];
        IEnumerable<string> Install(NodeSpec n, string step)
        {
            var platform = F(n).Platform;
            var preview = versions[platform.Key];
            var installed = F(n).Installed;
            var packages = CalicoPackages.For(n.Role, platform.Family);
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

        var steps = new List<PlannedStep>
        {
            new("preflight", "Preflight: reach every node, back up", inventory.Nodes.Select(n => On(n,
                ["cat /etc/os-release", Render(n, ShellCommand.Sudo("true")), Render(n, F(n).Platform.Packages.QueryInstalled(CalicoPackages.For(n.Role, F(n).Platform.Family)))],
                ["check FELIX_DATASTORETYPE is not set for the felix service", $"back up felix.cfg, {string.Join(", ", F(n).Platform.Repository.Files)}, calicoctl.cfg, neutron.conf to /var/backups/saga/<instance>/"])).ToList()),
        };
        if (etcd is not null && inventory.Etcd is { } flag)
        {
            var runOn = inventory.Node(flag.RunOn);
            steps.Add(new("ready-flag", "/calico/v1/Ready back to true (before any package changes)", [On(runOn,
                [Render(runOn, etcd.V2("get", ResetCalicoReadyFlag.ReadyKey)), Render(runOn, etcd.V2("set", ResetCalicoReadyFlag.ReadyKey, "true")) + "   # only if false"])]));
        }

        if (inventory.Calicoctl is { } ctl)
        {
            steps.Add(new("install-calicoctl", "1. Install calicoctl v1.6", ctl.Nodes.Select(inventory.Node).Select(n => On(n,
                F(n).Calicoctl.Where(c => c.Path != ctl.InstallPath && c.Version?.StartsWith("v1.6.", StringComparison.Ordinal) != true).Select(c => Render(n, ShellCommand.Sudo("rm", "-f", c.Path))),
                [$"upload {ctl.Source} (sha256 {ctl.Sha256[..12]}...) to {ctl.InstallPath}", Render(n, ShellCommand.Sudo("chmod", "0755", ctl.InstallPath)), $"{ctl.InstallPath} version"],
                ctl.ConfigBackup is { } backup ? [$"restore /etc/calico/calicoctl.cfg from {backup} if it is in v3 format"] : [])).ToList()));
        }

        steps.Add(new("point-repo", "2. Point the repo at 2.6", inventory.Nodes.Select(n => On(n, [F(n).Platform.Repository.Plan])).ToList()));
        steps.Add(new("clean-cache", "3.1/4.2 Clean the package cache", inventory.Nodes.Select(n => On(n, [Render(n, F(n).Platform.Packages.CleanCache())])).ToList()));
        steps.Add(new("resolve-versions", "Resolve the 2.6 version set", inventory.Nodes.GroupBy(n => F(n).Platform.Key).Select(g => g.First()).Select(n => On(n,
            [Render(n, F(n).Platform.Packages.ListAvailable(CalicoPackages.For(n.Role, F(n).Platform.Family))),
             $"# {F(n).Platform.Key}: {Preview(versions[F(n).Platform.Key])}"])).ToList()));
        steps.Add(new("downgrade-control", "3.1 Downgrade control packages", inventory.ControlNodes.Select(n => On(n, Install(n, "downgrade-control"))).ToList()));
        steps.Add(new("restart-neutron", "3.2 Restart neutron-server", inventory.ControlNodes.Select(n => On(n,
            [Render(n, F(n).Platform.Services.Restart(RestartNeutronServer.Service)), Render(n, F(n).Platform.Services.Status(RestartNeutronServer.Service))])).ToList()));
        steps.Add(new("check-sources-control", "Check no source offers 3.1 (control nodes)", inventory.ControlNodes.Select(n => On(n, NoSource31(n))).ToList()));
        steps.Add(new("compute", $"4. Compute nodes ({inventory.FanOut.Canary} canary first, {inventory.FanOut.Parallel} at a time)", inventory.ComputeNodes.Select(n => On(n,
            [F(n).FelixConfig is { } cfg && FelixConfig.HasEtcdv3Datastore(cfg) ? $"remove 'DatastoreType = etcdv3' from {FelixConfig.Path}" : $"(no DatastoreType = etcdv3 line in {FelixConfig.Path})"],
            inventory.FelixEtcdEndpoints is { } endpoints ? [$"set EtcdEndpoints = {endpoints} in {FelixConfig.Path}"] : [],
            Install(n, "downgrade-packages"),
            [Render(n, F(n).Platform.Services.Restart(RestartFelix.Service)) + "   # after the packages changed; the node's time, felix's PID and log size recorded first"],
            F(n).Platform.Family == NodePlatform.CentOS
                ? [Render(n, ShellCommand.Sudo("pkill", "-f", RestartDhcpAgentAfterDnsmasq.CalicoDnsmasq)) + "   # only if dnsmasq changed since preflight: the Calico DHCP agent's dnsmasq, not libvirt's"]
                : [],
            [Render(n, F(n).Platform.Services.Restart(RestartDhcpAgentAfterDnsmasq.Service)) + "   # if its packages changed; then it must run the same process for the settle period, no etcd ERROR in its log"],
            ["calico-felix --version   # must print Version: 2.6.x",
             $"{Render(n, F(n).Platform.Services.MainProcess(VerifyFelixVersion.Service))}; ps -o pid= -o etimes= -o args= -p PID   # started after the restart, the same after {inventory.Verify.Settle.TotalSeconds} s",
             $"read {FelixLog.DefaultPath} since the restart: 'Successfully loaded configuration.', no FATAL/PANIC, ERROR about the datastore, or datastore-not-ready line"],
            NoSource31(n))).ToList()));
        if (etcd is not null && inventory.Etcd is { } settings)
        {
            var runOn = inventory.Node(settings.RunOn);
            steps.Add(new("delete-etcdv3", "Delete the migrated etcdv3 data", [On(runOn,
                [Render(runOn, etcd.V3("get", DeleteMigratedEtcdV3Data.Prefix, "--prefix", "--keys-only")), Render(runOn, etcd.V3("del", DeleteMigratedEtcdV3Data.Prefix, "--prefix"))])]));
        }

        return steps;
    }

    /// <summary>The 2.6 set once per OS and release, read without changing any node (<see cref="VersionPreview"/>).</summary>
    private async Task<Dictionary<string, PreviewedVersions>> ResolveAsync(ClusterInventory inventory, ConcurrentDictionary<string, NodeFacts> facts, CancellationToken cancellationToken)
    {
        var sets = new Dictionary<string, PreviewedVersions>();
        foreach (var group in inventory.Nodes.GroupBy(n => facts[n.Name].Platform.Key))
        {
            var node = group.First();
            var platform = facts[node.Name].Platform;
            var packages = group.SelectMany(n => CalicoPackages.For(n.Role, platform.Family)).Distinct().ToList();
            sets[group.Key] = await new VersionPreview(shell).ResolveAsync(node, platform, packages, cancellationToken);
        }

        return sets;
    }

    private static string Preview(PreviewedVersions preview) =>
        string.Join(", ", preview.Versions.Select(v => $"{v.Key}={v.Value}")) is { Length: > 0 } known
            ? $"{known} (from {preview.Source}){(preview.Unknown is { } why ? $"; not known yet: {why}" : "")}"
            : $"not known yet: {preview.Unknown}";
}
