using System.Text;
using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;
using Saga.Engine.Secrets;

namespace Saga.Activities.Steps.Cluster;

/// <summary>Before anything changes: every node reachable with a known host key, sudo -n works, OS and versions read, backups taken.</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Preflight",
    Description = "Before the runbook's first step, on every node: reachable, host key known, sudo -n works, OS and release, " +
                  "current Calico versions, felix.cfg present on compute nodes, FELIX_DATASTORETYPE not set for the felix service, " +
                  "neutron.conf [calico] etcd settings noted, timestamped backups of felix.cfg, the repo file or list, calicoctl.cfg and " +
                  "neutron.conf. Changes nothing else.")]
public sealed class Preflight(INodeShell shell, NodeFactsReader facts, ILogger<Preflight> logger) : IActivity
{
    public const string NeutronConf = "/etc/neutron/neutron.conf";
    public const string CalicoctlConf = "/etc/calico/calicoctl.cfg";

    private const string FindDatastoreEnv = """
        for f in /etc/default/calico-felix /etc/sysconfig/calico-felix /etc/init/calico-felix.conf /etc/init/calico-felix.override \
                 /etc/systemd/system/calico-felix.service /etc/systemd/system/calico-felix.service.d/*.conf \
                 /lib/systemd/system/calico-felix.service /usr/lib/systemd/system/calico-felix.service; do
          [ -f "$f" ] && grep -H 'FELIX_DATASTORETYPE' "$f"
        done
        exit 0
        """;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        var platforms = new System.Collections.Concurrent.ConcurrentDictionary<string, string>();
        var installedBefore = new System.Collections.Concurrent.ConcurrentDictionary<string, IReadOnlyDictionary<string, string>>();
        var result = await NodeWork.ForEachAsync("preflight (before step 1)", inventory.Nodes, inventory.FanOut.Parallel, logger, async (node, transcript, ct) =>
        {
            var platform = await facts.ReadPlatformAsync(node, ct);
            CheckOs(inventory.Os, platform, node);
            transcript.Note($"OS: {platform.Key}; packages: {platform.Packages.Name}");
            transcript.Command((await shell.RunAsync(node, ShellCommand.Sudo("true"), ct)).EnsureSuccess());

            var packages = CalicoPackages.For(node.Role, platform.Family);
            var installed = platform.Packages.ParseInstalled((await shell.RunAsync(node, platform.Packages.QueryInstalled(packages), ct)).Stdout);
            transcript.Note("installed: " + (installed.Count == 0 ? "none of " + string.Join(", ", packages) : string.Join(", ", installed.Select(p => $"{p.Key} {p.Value}"))));
            installedBefore[node.Name] = installed;

            if (node.Role == NodeRole.Compute && await shell.ReadFileAsync(node, FelixConfig.Path, ct) is null)
                throw new NodeException(node.Name, $"{FelixConfig.Path} does not exist on this compute node", retryable: false);
            var env = await shell.RunAsync(node, ShellCommand.Script(true, FindDatastoreEnv), ct);
            if (env.Stdout.Trim().Length > 0)
                throw new NodeException(node.Name, $"FELIX_DATASTORETYPE is set for the felix service ({env.Stdout.Trim()}); it overrides felix.cfg and must go first", retryable: false);

            NoteNeutron(await shell.ReadFileAsync(node, NeutronConf, ct), transcript);
            string[] files = [FelixConfig.Path, .. platform.Repository.Files, CalicoctlConf, NeutronConf];
            var backup = await shell.RunAsync(node, NodeBackup.Save(context, files), ct);
            transcript.Command(backup.EnsureSuccess());
            platforms[node.Name] = platform.Key;
            return NodeOutcome.Done($"{platform.Key}, ready");
        }, cancellationToken);

        context.SetVariable(DowngradeVariables.Platforms, platforms.ToDictionary(p => p.Key, p => p.Value));
        // A repeated preflight (a resume) keeps what the first one saw: the versions before anything changed.
        var recorded = context.GetVariable<Dictionary<string, Dictionary<string, string>>>(DowngradeVariables.InstalledBefore) ?? [];
        foreach (var (node, versions) in installedBefore)
            recorded.TryAdd(node, versions.ToDictionary());
        context.SetVariable(DowngradeVariables.InstalledBefore, recorded);
        return result;
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

    /// <summary>networking-calico reads [calico] etcd_host/etcd_port; 1.4.3 defaults etcd_port to 4001, 3.1.3 to 2379.</summary>
    private static void NoteNeutron(byte[]? content, NodeTranscript transcript)
    {
        if (content is null)
        {
            transcript.Note($"{NeutronConf} not present");
            return;
        }

        var section = false;
        var settings = new List<string>();
        foreach (var line in Encoding.UTF8.GetString(content).Split('\n').Select(l => l.Trim()))
        {
            if (line.StartsWith('['))
                section = line.Equals("[calico]", StringComparison.OrdinalIgnoreCase);
            else if (section && line.StartsWith("etcd_", StringComparison.Ordinal))
                settings.Add(SecretMask.Apply(line)!); // networking-calico's etcd_password: the key is noted, never its value
        }

        transcript.Note($"neutron.conf [calico]: {(settings.Count == 0 ? "no etcd settings" : string.Join("; ", settings))}");
        if (!settings.Any(s => s.StartsWith("etcd_port", StringComparison.Ordinal)))
            transcript.Note("WARNING: etcd_port is not set; networking-calico 1.4.3 (2.6) defaults to 4001 where 3.1 used 2379");
    }
}
