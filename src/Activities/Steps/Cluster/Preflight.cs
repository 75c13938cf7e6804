using System.Collections.Concurrent;
using System.Text;
using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Cluster;

/// <summary>Before anything changes: every node reachable with a known host key, sudo -n works, OS and versions read, backups taken.</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Preflight",
    Description = "Before the runbook's first step, on every node: reachable, host key known, sudo -n works, OS and release, " +
                  "current Calico versions, felix.cfg present on compute nodes, FELIX_DATASTORETYPE not set for the felix service, " +
                  "hostname and FelixHostname recorded (the node's name in etcdv3), neutron.conf [calico]: etcd_port set (or the inventory's " +
                  "neutron: says what to do) and not pointing at the v3 cluster, timestamped backups of felix.cfg, the repo file or list, " +
                  "calicoctl.cfg and neutron.conf, and the installed package files (yumdownloader / apt-get download of the exact versions) into " +
                  "the backup folder's packages-before/, for a restore. Changes nothing else.")]
public sealed class Preflight(INodeShell shell, ILogger<Preflight> logger) : IActivity
{
    public const string NeutronConf = NeutronConfig.Path;
    public const string CalicoctlConf = "/etc/calico/calicoctl.cfg";

    private const string FindDatastoreEnv = """
        for f in /etc/default/calico-felix /etc/sysconfig/calico-felix /etc/init/calico-felix.conf /etc/init/calico-felix.override \
                 /etc/systemd/system/calico-felix.service /etc/systemd/system/calico-felix.service.d/*.conf \
                 /lib/systemd/system/calico-felix.service /usr/lib/systemd/system/calico-felix.service; do
          [ -f "$f" ] && grep -H 'FELIX_DATASTORETYPE' "$f"
        done
        exit 0
        """;

    /// <summary>The installed-packages query of each OS family.</summary>
    private static readonly Dictionary<string, IPackageManager> QueryInstalled = new()
    {
        [NodePlatform.CentOS] = new Yum(),
        [NodePlatform.Ubuntu] = new Apt(legacyForceYes: false),
    };

    /// <summary>What preflight backs up on every node, whichever OS it runs: felix.cfg, the Calico sources, calicoctl.cfg, neutron.conf.</summary>
    private static readonly string[] BackedUp =
        [FelixConfig.Path, .. new YumCalicoRepository().Files, .. new AptCalicoRepository().Files, CalicoctlConf, NeutronConf];

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        var platforms = new ConcurrentDictionary<string, string>();
        var installedBefore = new ConcurrentDictionary<string, IReadOnlyDictionary<string, string>>();
        var names = new ConcurrentDictionary<string, CalicoName>();
        var packageFiles = new ConcurrentDictionary<string, PackageFiles.Saved>();
        var result = await NodeWork.ForEachAsync("preflight (before step 1)", inventory.Nodes, inventory.FanOut.ProbeParallel, logger, async (node, transcript, ct) =>
        {
            // One round trip: the facts, the checks' inputs, the backups and what is saved of the package files, as parts
            // of one script (a second one only to fetch package files not saved yet). The OS decides which package query
            // counts, so both are asked (the other one's answer is not used).
            var batch = new NodeBatch();
            var os = batch.Run(ShellCommand.Plain("cat", "/etc/os-release"));
            var sudo = batch.Run(ShellCommand.Sudo("true"));
            var queries = QueryInstalled.ToDictionary(q => q.Key, q => batch.Run(q.Value.QueryInstalled(CalicoPackages.For(node, q.Key))));
            var felixFile = batch.Read(FelixConfig.Path);
            var envScript = batch.Run(ShellCommand.Script(true, FindDatastoreEnv));
            var hostnameCommand = batch.Run(ShellCommand.Plain("hostname"));
            var neutronFile = batch.Read(NeutronConf);
            var backupCommand = batch.Run(NodeBackup.Save(context, BackedUp));
            var packageList = PackageFiles.List(batch, context.GetBackupFolder());
            var parts = await shell.RunBatchAsync(node, batch, ct);

            var platform = NodePlatform.From(OsRelease.Parse(parts[os].EnsureSuccess().Stdout), node.Name);
            CheckOs(inventory.Os, platform, node);
            transcript.Note($"OS: {platform.Key}; packages: {platform.Packages.Name}; role: {node.RoleText}");
            transcript.Command(parts[sudo].EnsureSuccess());

            var packages = CalicoPackages.For(node, platform.Family);
            var installed = platform.Packages.ParseInstalled(parts[queries[platform.Family]].Stdout);
            transcript.Note("installed: " + (installed.Count == 0 ? "none of " + string.Join(", ", packages) : string.Join(", ", installed.Select(p => $"{p.Key} {p.Value}"))));
            installedBefore[node.Name] = installed;

            var felix = parts.File(felixFile);
            if (node.Is(NodeRole.Compute) && felix is null)
                throw new NodeException(node.Name, $"{FelixConfig.Path} does not exist on this compute node", retryable: false);
            var env = parts[envScript];
            if (env.Stdout.Trim().Length > 0)
                throw new NodeException(node.Name, $"FELIX_DATASTORETYPE is set for the felix service ({env.Stdout.Trim()}); it overrides felix.cfg and must go first", retryable: false);

            var hostname = parts[hostnameCommand].EnsureSuccess().Stdout.Trim();
            var name = new CalicoName(hostname, felix is null ? null : FelixConfig.FelixHostname(felix));
            transcript.Note($"hostname: {hostname}; FelixHostname: {name.FelixHostname ?? "unset"}; Calico knows it as {name.Name}");
            names[node.Name] = name;

            CheckNeutron(node, parts.File(neutronFile), inventory.Etcd, transcript);
            // What these files were before the run: the undo of any step that changes them, should its own record be lost with a crash.
            NodeBackup.Record(transcript, parts[backupCommand].EnsureSuccess(), absentToo: false);
            var before = context.GetVariable<Dictionary<string, Dictionary<string, string>>>(DowngradeVariables.InstalledBefore)?.GetValueOrDefault(node.Name);
            packageFiles[node.Name] = await PackageFiles.SaveAsync(shell, node, platform, before ?? installed.ToDictionary(), context.GetBackupFolder(), parts[packageList], transcript, ct);
            platforms[node.Name] = platform.Key;
            return NodeOutcome.Done($"{platform.Key}, ready");
        }, cancellationToken);

        context.SetVariable(DowngradeVariables.Platforms, platforms.ToDictionary(p => p.Key, p => p.Value));
        // A repeated preflight (a resume) keeps what the first one saw: the versions before anything changed.
        var recorded = context.GetVariable<Dictionary<string, Dictionary<string, string>>>(DowngradeVariables.InstalledBefore) ?? [];
        foreach (var (node, versions) in installedBefore)
            recorded.TryAdd(node, versions.ToDictionary());
        context.SetVariable(DowngradeVariables.InstalledBefore, recorded);
        context.SetVariable(DowngradeVariables.CalicoNames, names.ToDictionary(p => p.Key, p => p.Value));
        context.SetVariable(DowngradeVariables.PackageFiles, packageFiles.ToDictionary(p => p.Key, p => p.Value));
        if (context.GetVariable<string>(DowngradeVariables.ForcedOver) is not { } forced)
            return result;
        return result with { Output = $"Started with --force: {forced}\n{result.Output}" };
    }

    private static void CheckOs(OsChoice expected, NodePlatform platform, NodeSpec node)
    {
        var family = expected switch
        {
            OsChoice.CentOS => NodePlatform.CentOS,
            OsChoice.Ubuntu => NodePlatform.Ubuntu,
            _ => null,
        };
        if (family is not null && family != platform.Family)
            throw new NodeException(node.Name, $"the inventory says os: {family}, but the node runs {platform.Key}", retryable: false);
    }

    /// <summary>
    /// networking-calico reads [calico] etcd_host/etcd_port in neutron-server and calico-dhcp-agent alike; 1.4.3 defaults
    /// etcd_port to 4001 where 3.1.3 used 2379, and must talk to the v2 cluster, where Calico 2.6's data is.
    /// </summary>
    private static void CheckNeutron(NodeSpec node, byte[]? content, EtcdSettings? etcd, NodeTranscript transcript)
    {
        if (content is null)
        {
            transcript.Note($"{NeutronConf} not present");
            return;
        }

        var settings = NeutronConfig.CalicoSettings(content).Where(s => s.Key.StartsWith("etcd_", StringComparison.Ordinal)).ToList();
        transcript.Note($"neutron.conf [calico]: {(settings.Count == 0 ? "no etcd settings" : string.Join("; ", settings.Select(s => $"{s.Key} = {(NeutronConfig.IsSecret(s.Key) ? "***" : s.Value)}")))}");
        var port = NeutronConfig.EtcdPort(content);
        if (port is null)
        {
            if (node.Neutron.EtcdPort is { } set)
                transcript.Note($"etcd_port is unset (1.4.3 would use {NeutronConfig.DefaultPort}); neutron.etcdPort: etcd_port = {set} is written before the service restarts");
            else if (node.Neutron.AcceptDefaultPort)
                transcript.Note($"etcd_port is unset: networking-calico 1.4.3 will use {NeutronConfig.DefaultPort} (neutron.acceptDefaultPort: true)");
            else
            {
                throw new NodeException(node.Name,
                    $"{NeutronConf} [calico] leaves etcd_port unset: networking-calico 1.4.3 would use {NeutronConfig.DefaultPort} where 3.1 used 2379. " +
                    "Say in the inventory neutron: { etcdPort: 2379 } to write it before the restart, or neutron: { acceptDefaultPort: true } (cluster-wide, or under the node)",
                    retryable: false);
            }
        }

        var (host, effectivePort) = NeutronConfig.Endpoint(content, node.Neutron.EtcdPort);
        if (effectivePort is null)
            throw new NodeException(node.Name, $"{NeutronConf} [calico] etcd_port = '{port}' is not a port number", retryable: false);
        if (etcd is not null && !etcd.OneCluster && etcd.V3.Has(host, effectivePort.Value) && !etcd.V2.Has(host, effectivePort.Value))
        {
            throw new NodeException(node.Name,
                $"{NeutronConf} [calico] etcd_host/etcd_port = {host}:{effectivePort} is the v3 cluster (etcd.v3: {string.Join(',', etcd.V3.Endpoints)}); " +
                $"networking-calico 1.4.3 reads Calico 2.6's data with the v2 API and must point at the v2 cluster (etcd.v2: {string.Join(',', etcd.V2.Endpoints)})",
                retryable: false);
        }
    }
}
