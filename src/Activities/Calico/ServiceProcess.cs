using System.Globalization;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Services;

namespace Saga.Activities.Calico;

/// <summary>The process a service runs, as the node sees it at <paramref name="Now"/> (node clock, epoch seconds).</summary>
/// <param name="Now">The node's time when it was read.</param>
/// <param name="Pid">The main process, or null when the service runs none.</param>
/// <param name="StartedAt">When that process started (node clock, epoch seconds).</param>
/// <param name="CommandLine">Its command line.</param>
public sealed record ServiceProcess(long Now, int? Pid, long StartedAt, string CommandLine)
{
    /// <summary>
    /// Asks the service manager for the main PID, then that process and the node's clock:
    /// <c>ps -o pid= -o etimes= -o args= -p PID; date +%s</c>, in forms procps 3.3.9 (trusty) and procps-ng 3.3.10
    /// (CentOS 7, xenial) share: etimes is the elapsed time in whole seconds (ps/output.c pr_etimes), one -o per column
    /// because <c>-o pid=,etimes=</c> would make ",etimes=" pid's header, and an empty answer (ps still exits 0,
    /// ps/display.c) means the process is gone. The clock is read after ps, so that now - etimes is never earlier
    /// than the second the process started in, whichever second boundary falls between the two.
    /// </summary>
    public static async Task<ServiceProcess> ReadAsync(INodeShell shell, NodeSpec node, IServiceManager services, string service, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var main = await shell.RunAsync(node, services.MainProcess(service), cancellationToken);
        transcript.Command(main);
        var pid = services.ParseMainProcess(main);
        var probe = (await shell.RunAsync(node, ShellCommand.Script(false, "ps -o pid= -o etimes= -o args= -p \"$1\"; date +%s", pid?.ToString(CultureInfo.InvariantCulture) ?? "1"), cancellationToken)).EnsureSuccess();
        transcript.Command(probe);
        var lines = probe.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (lines.Length == 0 || !long.TryParse(lines[^1], NumberStyles.None, CultureInfo.InvariantCulture, out var now))
            throw new NodeException(node.Name, $"'date +%s' printed no time: {probe.Stdout.Trim()}", retryable: false);
        if (pid is null)
            return new ServiceProcess(now, null, 0, "");
        var fields = lines[..^1].Select(l => l.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries)).FirstOrDefault(f => f.Length >= 2 && f[0] == pid.Value.ToString(CultureInfo.InvariantCulture));
        return fields is not null && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var elapsed)
            ? new ServiceProcess(now, pid, now - elapsed, fields.Length > 2 ? fields[2] : "")
            : new ServiceProcess(now, null, 0, ""); // the service manager named a process that is gone
    }

    public override string ToString() => Pid is { } p ? $"PID {p}, started {Now - StartedAt} s ago ({CommandLine})" : "no process";
}
