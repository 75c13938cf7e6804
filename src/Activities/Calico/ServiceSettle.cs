using System.Globalization;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Services;
using Saga.Engine.Activities;

namespace Saga.Activities.Calico;

/// <summary>What a restart left behind, kept in the instance so a later check (or a resumed one) knows what to look at.</summary>
/// <param name="At">The node's clock just before the restart (epoch seconds); the new process must have started since.</param>
/// <param name="PreviousPid">The main process before the restart, whose last log lines (its shutdown) are not the new one's.</param>
/// <param name="Pid">The main process the restart started.</param>
/// <param name="LogPath">The service's log file, or null when it logs to the journal only.</param>
/// <param name="LogOffset">The log's size before the restart: what follows was written since.</param>
public sealed record RestartRecord(long At, int? PreviousPid, int Pid, string? LogPath, long LogOffset);

/// <summary>
/// Restarts a service and checks the process it runs afterwards, not only the unit's state: the process started after
/// the restart, is the same process at the end of the settle period, and its log shows no trouble in that time.
/// </summary>
public sealed class ServiceSettle(INodeShell shell, TimeProvider time)
{
    /// <summary>How many problem lines a failure quotes.</summary>
    private const int Quoted = 5;

    // The node's clock before the restart, and the log's size (what follows was written since).
    private const string ClockAndSize = """
        date +%s
        [ -z "$1" ] && exit 0
        if [ -f "$1" ]; then wc -c < "$1"; else echo 0; fi
        """;

    /// <summary>Restarts the service with the node's service manager and records what the check needs.</summary>
    public async Task<RestartRecord> RestartAsync(NodeSpec node, IServiceManager services, string service, string? logPath, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var previous = await MainPidAsync(node, services, service, transcript, cancellationToken);
        transcript.Undo(new UndoRecord(UndoRecord.Service, service) { Before = previous is null ? UndoRecord.Stopped : UndoRecord.Running });
        var mark = (await shell.RunAsync(node, ShellCommand.Script(true, ClockAndSize, logPath ?? ""), cancellationToken)).EnsureSuccess();
        transcript.Command(mark);
        var numbers = mark.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l => long.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : -1).ToList();
        if (numbers.Count != (logPath is null ? 1 : 2) || numbers.Any(n => n < 0))
            throw new NodeException(node.Name, $"the node's time and log size are not numbers: {mark.Stdout.Trim()}", retryable: false);

        transcript.Command((await shell.RunAsync(node, services.Restart(service), cancellationToken)).EnsureSuccess());
        var pid = await MainPidAsync(node, services, service, transcript, cancellationToken)
                  ?? throw new NodeException(node.Name, $"{service} runs no process after the restart", retryable: false);
        return new RestartRecord(numbers[0], previous, pid, logPath, logPath is null ? 0 : numbers[1]);
    }

    /// <summary>Whether the service still runs the process <paramref name="restart"/> started (a resumed step need not restart it again).</summary>
    public async Task<bool> StillRunsAsync(NodeSpec node, IServiceManager services, string service, RestartRecord restart, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var now = await ServiceProcess.ReadAsync(shell, node, services, service, transcript, cancellationToken);
        return now.Pid == restart.Pid && now.Pid != restart.PreviousPid && now.StartedAt >= restart.At;
    }

    /// <summary>
    /// The check: the service runs a process that started at or after the restart, the same one for the whole settle
    /// period, and its log since the restart (but the previous process's lines) has no problem line, and, when the
    /// format names one, the message the service logs once it has really started.
    /// </summary>
    public async Task<string> VerifyAsync(
        NodeSpec node, IServiceManager services, string service, RestartRecord restart, IServiceLogFormat? format, TimeSpan settle, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var first = await ServiceProcess.ReadAsync(shell, node, services, service, transcript, cancellationToken);
        if (first.Pid is not { } pid)
            throw new NodeException(node.Name, $"{service} runs no process", retryable: false);
        if (pid == restart.PreviousPid || first.StartedAt < restart.At)
            throw new NodeException(node.Name, $"{service}'s process {pid} started at {first.StartedAt}, before the restart at {restart.At} (node clock): it is not the restarted one", retryable: false);

        transcript.Note($"{service}: PID {pid}; staying up for {settle.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s");
        await Task.Delay(settle, time, cancellationToken);
        var last = await ServiceProcess.ReadAsync(shell, node, services, service, transcript, cancellationToken);
        if (last.Pid != pid)
        {
            throw new NodeException(node.Name,
                $"{service} did not stay up: PID {pid} was replaced by {(last.Pid is { } other ? $"PID {other}" : "no process")} within {settle.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s{await ProblemsAsync(node, restart, format, pid, transcript, cancellationToken)}",
                retryable: false);
        }

        var problems = await ProblemsAsync(node, restart, format, pid, transcript, cancellationToken);
        if (problems.Length > 0)
            throw new NodeException(node.Name, $"{service} (PID {pid}) is running but not working{problems}", retryable: false);
        return $"{service} runs as PID {pid} since {last.Now - last.StartedAt} s, restarted after the package change, stayed up {settle.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s";
    }

    private async Task<int?> MainPidAsync(NodeSpec node, IServiceManager services, string service, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var main = await shell.RunAsync(node, services.MainProcess(service), cancellationToken);
        transcript.Command(main);
        return services.ParseMainProcess(main);
    }

    private async Task<string> ProblemsAsync(NodeSpec node, RestartRecord restart, IServiceLogFormat? format, int pid, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        if (format is null || restart.LogPath is null)
            return "";
        var (size, raw) = await ServiceLog.ReadAsync(shell, node, restart.LogPath, restart.LogOffset, transcript, cancellationToken);
        var lines = raw.Select(format.Parse).OfType<ServiceLogLine>().Where(l => l.Pid != restart.PreviousPid).ToList();
        var problems = lines.Where(format.IsProblem).Select(l => l.Text).ToList();
        foreach (var problem in problems.Take(Quoted))
            transcript.Note("log: " + problem);
        if (problems.Count > 0)
            return $"; {restart.LogPath} since the restart: {string.Join(" | ", problems.Take(Quoted))}{(problems.Count > Quoted ? $" (and {problems.Count - Quoted} more)" : "")}";
        if (format.StartedMessage is { } started && !lines.Any(l => l.Pid == pid && l.Text.Contains(started, StringComparison.Ordinal)))
        {
            return size < 0
                ? $"; {restart.LogPath} does not exist: {format.NotStarted}"
                : $"; {restart.LogPath} has no '{started}' from it: {format.NotStarted}";
        }

        return "";
    }
}
