using System.Text;
using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Services;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Compute;

/// <summary>
/// After the packages changed: stop the dnsmasq processes the Calico DHCP agent started (only when dnsmasq itself changed)
/// and restart calico-dhcp-agent, then check the agent's process the way felix's is checked.
/// </summary>
[Activity(Category = Runbook.CategoryCompute, DisplayName = "Restart the DHCP agent after dnsmasq",
    Description = "The 2.6 upgrade page: after dnsmasq changes, 'pkill dnsmasq' and restart the DHCP agent, because oslo-rootwrap cannot kill " +
                  "a process whose binary was replaced. Whether anything changed is decided from the versions preflight recorded, so a resumed " +
                  "node does it too. Only the dnsmasq processes the agent started are stopped, told apart by neutron's " +
                  "--pid-file=/var/lib/neutron/dhcp/ on their command line (they are reparented to init), never libvirt's or the host's. Then the " +
                  "agent runs a process started after the restart, the same one after verify.settle, with no ERROR about etcd in its log.")]
public sealed class RestartDhcpAgentAfterDnsmasq(INodeShell shell, ILogger<RestartDhcpAgentAfterDnsmasq> logger) : IActivity
{
    public const string Service = "calico-dhcp-agent";

    /// <summary>
    /// The dnsmasq processes neutron's Dnsmasq driver starts for the agent: its command line begins with dnsmasq (run
    /// through rootwrap with its full path) and names a pid file under the agent's dhcp_confs ($state_path/dhcp,
    /// /var/lib/neutron/dhcp). Anchored at the start, because procps' pgrep and pkill leave out only themselves: the sudo
    /// and shell that run pkill have the pattern on their own command lines (pgrep.c select_procs).
    /// </summary>
    public const string CalicoDnsmasq = "^([^ ]*/)?dnsmasq .*--pid-file=/var/lib/neutron/dhcp/";

    private const string Dnsmasq = "dnsmasq";

    /// <summary>What the agent runs: itself (calico-dhcp-agent, networking-calico) and dnsmasq.</summary>
    private static readonly string[] AgentPackages = [Service, "networking-calico", Dnsmasq];

    private static readonly TimeSpan StopWait = TimeSpan.FromSeconds(10);

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        RestartRecord? restarted = null;
        var result = await NodeWork.ForEachAsync("after step 4.2: stop Calico's dnsmasq if it changed, restart calico-dhcp-agent", [context.GetNode()], 1, logger, async (node, transcript, ct) =>
        {
            var platform = context.GetPlatform(node);
            var settle = new ServiceSettle(shell, context.Time);
            var restart = context.GetVariable<RestartRecord>(DowngradeVariables.DhcpAgentRestart);
            var alreadyDone = restart is not null && await settle.StillRunsAsync(node, platform.Services, Service, restart, transcript, ct);
            if (alreadyDone)
            {
                transcript.Note($"the agent was restarted at {restart!.At} (node clock) and still runs as PID {restart.Pid}");
            }
            else
            {
                // preflight recorded the role's packages (dnsmasq only on CentOS, where the runbook downgrades it)
                var packages = AgentPackages.Intersect(CalicoPackages.For(node, platform.Family)).ToList();
                var before = context.GetInstalledBefore(node);
                var now = await new PackageDowngrade(shell, context.Time).InstalledAsync(node, platform, packages, transcript, ct);
                var changed = packages.Where(p => before.GetValueOrDefault(p) != now.GetValueOrDefault(p)).ToList();
                if (changed.Count == 0)
                {
                    var status = await shell.RunAsync(node, platform.Services.Status(Service), ct);
                    transcript.Command(status);
                    return platform.Services.IsRunning(status)
                        ? NodeOutcome.AlreadyDone("nothing the agent runs changed since preflight: calico-dhcp-agent left as it is, and running")
                        : throw new NodeException(node.Name, $"{Service} does not run: {status.Stdout.Trim()} {status.Stderr.Trim()}".Trim(), retryable: false);
                }

                transcript.Note($"changed since preflight: {string.Join(", ", changed.Select(p => $"{p} {before.GetValueOrDefault(p) ?? "-"} -> {now.GetValueOrDefault(p) ?? "-"}"))}");
                if (changed.Contains(Dnsmasq))
                    await StopCalicoDnsmasqAsync(node, transcript, ct);
                restart = restarted = await settle.RestartAsync(node, platform.Services, Service, await AgentLogAsync(node, platform, transcript, ct), transcript, ct);
            }

            var running = await settle.VerifyAsync(node, platform.Services, Service, restart!, new OsloLog(), context.GetInventory().Verify.Settle, transcript, ct);
            return alreadyDone ? NodeOutcome.AlreadyDone(running) : NodeOutcome.Done(running);
        }, cancellationToken);
        if (restarted is not null)
            context.SetVariable(DowngradeVariables.DhcpAgentRestart, restarted);
        return result;
    }

    /// <summary>
    /// <c>pgrep -a -f</c> names them (PID and command line, for the journal), <c>pkill -f</c> sends them SIGTERM, and
    /// <c>pgrep -f</c> is asked until none is left. Exit 1 means "none matched", but trusty's procps-ng 3.3.9 also exits 1
    /// on a usage error (3.3.10 exits 2), so anything on stderr is a failure whatever the status.
    /// </summary>
    private async Task StopCalicoDnsmasqAsync(NodeSpec node, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var listed = Checked(await shell.RunAsync(node, ShellCommand.Plain("pgrep", "-a", "-f", CalicoDnsmasq), cancellationToken), transcript);
        if (listed.ExitStatus == 1)
        {
            transcript.Note("no dnsmasq of the Calico DHCP agent runs");
            return;
        }

        Checked(await shell.RunAsync(node, ShellCommand.Sudo("pkill", "-f", CalicoDnsmasq), cancellationToken), transcript);
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Checked(await shell.RunAsync(node, ShellCommand.Plain("pgrep", "-f", CalicoDnsmasq), cancellationToken), transcript).ExitStatus == 0)
        {
            if (waited.Elapsed > StopWait)
                throw new NodeException(node.Name, $"the Calico DHCP agent's dnsmasq processes are still running {StopWait.TotalSeconds:0} s after SIGTERM", retryable: false);
            await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
        }
    }

    private static CommandResult Checked(CommandResult result, NodeTranscript transcript)
    {
        transcript.Command(result);
        return result.ExitStatus is 0 or 1 && result.Stderr.Trim().Length == 0 ? result : throw new CommandFailedException(result);
    }

    /// <summary>
    /// Where the agent logs: it is started without --log-file (networking-calico 1.4.3's calico-dhcp-agent.service and
    /// .upstart), so oslo.log uses neutron.conf's [DEFAULT] log_file (relative to log_dir), else log_dir/calico-dhcp-agent.log,
    /// else stderr: upstart's job log on trusty, the journal (not read) under systemd.
    /// </summary>
    private async Task<string?> AgentLogAsync(NodeSpec node, NodePlatform platform, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var conf = await shell.ReadFileAsync(node, Steps.Cluster.Preflight.NeutronConf, cancellationToken);
        var dir = conf is null ? null : DefaultOption(conf, "log_dir");
        var file = conf is null ? null : DefaultOption(conf, "log_file");
        var path = file is not null ? (file.StartsWith('/') || dir is null ? file : $"{dir.TrimEnd('/')}/{file}")
            : dir is not null ? $"{dir.TrimEnd('/')}/{Service}.log"
            : platform.Services is Upstart ? $"/var/log/upstart/{Service}.log"
            : null;
        transcript.Note(path is null ? "the agent logs to the journal; its log is not read" : $"the agent logs to {path}");
        return path;
    }

    /// <summary>A [DEFAULT] option of an oslo.config file: "name = value" lines, comments only at the start of a line.</summary>
    private static string? DefaultOption(byte[] content, string name)
    {
        string? section = null;
        string? value = null;
        foreach (var raw in Encoding.UTF8.GetString(content).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('[') && line.EndsWith(']'))
                section = line[1..^1];
            else if (section == "DEFAULT" && line.Split('=', 2) is [var key, var v] && key.Trim() == name)
                value = v.Trim().Length > 0 ? v.Trim() : null;
        }

        return value;
    }
}
