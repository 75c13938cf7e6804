using System.Globalization;
using System.Text.RegularExpressions;
using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;

namespace Saga.Activities.Calico;

/// <summary>
/// After neutron-server or calico-dhcp-agent restarts: what networking-calico logs in the settle period. An ERROR or
/// CRITICAL line of its etcd code (an etcd_port that reaches nothing, a v2 store that is not Calico's) fails the
/// restart. The offset is taken before the restart, so only lines written since are read.
/// </summary>
/// <remarks>
/// Where and how networking-calico 1.4.3 logs: neutron-server through oslo.log into its <c>--log-file</c> (the units:
/// CentOS <c>/var/log/neutron/server.log</c>, Ubuntu <c>/var/log/neutron/neutron-server.log</c>), lines
/// <c>2018-06-01 10:00:00.123 24190 ERROR networking_calico.etcdutils [-] Unexpected IO or etcd error, ...</c>
/// (oslo.log's default format, logger = module name); calico-dhcp-agent adds a file handler of its own
/// (agent/dhcp_agent.py setup_logging: <c>/var/log/neutron/dhcp-agent.log</c>, format
/// <c>%(asctime)s [%(thread)d] (%(levelname)s) %(module)s: %(message)s</c>). The etcd errors: etcdutils.py
/// EtcdWatcher.loop <c>_log.error("Unexpected IO or etcd error, triggering resync with etcd: %r.", e)</c>,
/// plugins/ml2/drivers/calico/t_etcd.py <c>LOG.exception("Request to etcd failed, refreshing our connection.")</c>.
/// </remarks>
public static partial class CalicoDriverLog
{
    private const string SizeScript = """[ -f "$1" ] && wc -c < "$1" || echo 0""";

    private const string TailScript = """[ -f "$1" ] || exit 0; size=$(wc -c < "$1"); if [ "$size" -lt "$2" ]; then cat -- "$1"; else tail -c +"$(($2 + 1))" -- "$1"; fi""";

    /// <summary>
    /// The log networking-calico writes in neutron-server on this platform (the DHCP agent's log is read by
    /// <see cref="ServiceSettle"/>, with its process check).
    /// </summary>
    public static string For(string service, NodePlatform platform) =>
        service == "neutron-server"
            ? platform.Family == NodePlatform.CentOS ? "/var/log/neutron/server.log" : "/var/log/neutron/neutron-server.log"
            : throw new ArgumentException($"networking-calico's log is read here for neutron-server only, not {service}", nameof(service));

    /// <summary>The log's size now: where the lines after a restart begin.</summary>
    public static async Task<long> OffsetAsync(INodeShell shell, NodeSpec node, string log, CancellationToken cancellationToken)
    {
        var size = (await shell.RunAsync(node, ShellCommand.Script(true, SizeScript, log), cancellationToken)).EnsureSuccess();
        return long.TryParse(size.Stdout.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var bytes) ? bytes : 0;
    }

    /// <summary>
    /// Waits <paramref name="settle"/>, then reads what the log gained since <paramref name="offset"/>; faults naming the
    /// first etcd error line (and how many there were).
    /// </summary>
    public static async Task CheckAsync(
        INodeShell shell, NodeSpec node, string service, string log, long offset, TimeSpan settle, TimeProvider time, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        await Task.Delay(settle, time, cancellationToken);
        var tail = (await shell.RunAsync(node, ShellCommand.Script(true, TailScript, log, offset.ToString(CultureInfo.InvariantCulture)), cancellationToken)).EnsureSuccess();
        var errors = EtcdErrors(tail.Stdout);
        transcript.Note($"{log}: {tail.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length} line(s) in the {settle.TotalSeconds:0.#} s after the restart, {errors.Count} Calico etcd error(s)");
        if (errors.Count > 0)
        {
            throw new NodeException(node.Name,
                $"{service} logs Calico etcd errors after the restart ({errors.Count} in {settle.TotalSeconds:0.#} s, {log}): {errors.FirstOrDefault(e => e.Contains("port=", StringComparison.Ordinal)) ?? errors[0]}. " +
                $"Check [calico] etcd_host/etcd_port in {NeutronConfig.Path} against the v2 cluster", retryable: false);
        }
    }

    /// <summary>The ERROR/CRITICAL lines of networking-calico's loggers that speak of etcd.</summary>
    public static IReadOnlyList<string> EtcdErrors(string text) =>
        text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => (OsloError().IsMatch(l) || AgentError().IsMatch(l)) && l.Contains("etcd", StringComparison.OrdinalIgnoreCase)).ToList();

    [GeneratedRegex(@"^\S+ \S+ \d+ (ERROR|CRITICAL) networking_calico[.\s]")]
    private static partial Regex OsloError();

    [GeneratedRegex(@"^\S+ \S+ \[\d+\] \((ERROR|CRITICAL)\) \w+: ")]
    private static partial Regex AgentError();
}
