using System.Globalization;
using System.Text.RegularExpressions;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;

namespace Saga.Activities.Calico;

/// <summary>One line of a service's log: the process that wrote it, its level, the whole line.</summary>
public sealed record ServiceLogLine(int Pid, string Level, string Text);

/// <summary>How a service writes its log, and what in it means the service is not working.</summary>
public interface IServiceLogFormat
{
    /// <summary>The line's process and level, or null for a line of another shape (a continuation).</summary>
    ServiceLogLine? Parse(string line);

    /// <summary>Whether the line says the service is not working.</summary>
    bool IsProblem(ServiceLogLine line);

    /// <summary>A message the service logs once it has really started, or null when it logs none worth waiting for.</summary>
    string? StartedMessage { get; }

    /// <summary>What it means when the started message is missing.</summary>
    string NotStarted { get; }
}

/// <summary>A service's log file on a node, read from where a restart left it.</summary>
public static class ServiceLog
{
    /// <summary>At most this much of a log is read after a restart.</summary>
    public const int MaxRead = 4 * 1024 * 1024;

    // The size first, then what follows the offset; a file smaller than the offset was rotated: read it all.
    private const string ReadScript = """
        f=$1; off=$2; max=$3
        [ -f "$f" ] || { echo "size -1"; exit 0; }
        size=$(wc -c < "$f")
        echo "size $size"
        [ "$size" -ge "$off" ] || off=0
        tail -c +$((off + 1)) "$f" | head -c "$max"
        """;

    /// <summary>The lines written after <paramref name="offset"/> (at most <see cref="MaxRead"/> bytes); size -1 when there is no log.</summary>
    public static async Task<(long Size, IReadOnlyList<string> Lines)> ReadAsync(INodeShell shell, NodeSpec node, string path, long offset, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var result = (await shell.RunAsync(node, ShellCommand.Script(true, ReadScript, path, offset.ToString(CultureInfo.InvariantCulture), MaxRead.ToString(CultureInfo.InvariantCulture)), cancellationToken)).EnsureSuccess();
        var lines = result.Stdout.Split('\n');
        if (lines.Length == 0 || !lines[0].StartsWith("size ", StringComparison.Ordinal) || !long.TryParse(lines[0][5..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var size))
            throw new NodeException(node.Name, $"reading {path} printed no size: {result.Stdout.Split('\n')[0]}", retryable: false);
        transcript.Note(size < 0 ? $"{path}: no such file" : $"{path}: {size} bytes, {Math.Max(0, lines.Length - 2)} line(s) since offset {Math.Min(offset, size)}");
        return (size, lines.Skip(1).Where(l => l.Length > 0).ToList());
    }
}

/// <summary>
/// Felix's log (felix.cfg LogFilePath, default /var/log/calico/felix.log): libcalico-go's formatter writes
/// <c>2018-01-11 13:41:05.123 [LEVEL][PID] file.go 123: message key=value</c> (lib/logutils Formatter, the version
/// felix 2.6.5 vendors). Felix writes to the file only once its configuration is loaded (felix.go 2.6.5: early logging
/// goes to stdout until logutils.ConfigureLogging at line 251), then logs "Successfully loaded configuration." (line 255),
/// so a felix whose file shows nothing since it started is still waiting: for /calico/v1/Ready (loadConfigFromDatastore,
/// "Global datastore 'Ready' flag set to false, waiting...") or retrying a felix.cfg it refuses ("Failed to parse
/// configuration file"). Trouble: FATAL and PANIC (felix exits), ERROR about the datastore or etcd, and the
/// datastore-not-ready messages whatever their level ("Datastore became unready, need to restart.", line 902).
/// </summary>
public sealed partial class FelixLog(bool startedMessageLogged = true) : IServiceLogFormat
{
    public const string DefaultPath = "/var/log/calico/felix.log";

    /// <summary>
    /// Felix's file log as felix.cfg sets it: LogFilePath (default <see cref="DefaultPath"/>; "none" turns the file
    /// off, config/param_types.go) and LogSeverityFile (default INFO; above it, or "none", the started message is not
    /// written). Null when Felix writes no file.
    /// </summary>
    public static (string? Path, FelixLog Format) From(byte[]? felixConfig)
    {
        var path = felixConfig is null ? null : FelixConfig.Value(felixConfig, "LogFilePath");
        var severity = (felixConfig is null ? null : FelixConfig.Value(felixConfig, "LogSeverityFile"))?.ToUpperInvariant() ?? "INFO";
        return (path is null ? DefaultPath : path.Equals("none", StringComparison.OrdinalIgnoreCase) || path.Length == 0 ? null : path,
            new FelixLog(severity is "INFO" or "DEBUG"));
    }

    public string? StartedMessage => startedMessageLogged ? "Successfully loaded configuration." : null;

    public string NotStarted => "it has not finished starting: felix 2.6 waits while /calico/v1/Ready is not true, and retries while felix.cfg " +
                                "holds a DatastoreType it refuses, writing neither to this file";

    public ServiceLogLine? Parse(string line) =>
        Line().Match(line) is { Success: true } m ? new ServiceLogLine(int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture), m.Groups["level"].Value, line) : null;

    public bool IsProblem(ServiceLogLine line) =>
        line.Level is "FATAL" or "PANIC"
        || (line.Level == "ERROR" && Datastore().IsMatch(line.Text))
        || line.Text.Contains("Global datastore 'Ready' flag set to false", StringComparison.Ordinal)
        || line.Text.Contains("Datastore became unready", StringComparison.Ordinal);

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \[(?<level>[A-Z]+)\]\[(?<pid>\d+)\] ")]
    private static partial Regex Line();

    [GeneratedRegex("datastore|etcd", RegexOptions.IgnoreCase)]
    private static partial Regex Datastore();
}

/// <summary>
/// An OpenStack service's log, as oslo.log writes it by default: <c>2018-01-11 13:41:05.123 PID LEVEL logger [...] message</c>
/// (logging_default_format_string, logging_context_format_string; tracebacks repeat the prefix on every line). Trouble:
/// ERROR and CRITICAL lines about etcd, such as networking-calico 1.4.3's "Unexpected IO or etcd error, triggering
/// resync with etcd" (etcdutils.EtcdWatcher.loop, every second while etcd cannot be reached).
/// </summary>
public sealed partial class OsloLog : IServiceLogFormat
{
    public string? StartedMessage => null;

    public string NotStarted => "it has not finished starting";

    public ServiceLogLine? Parse(string line) =>
        Line().Match(line) is { Success: true } m ? new ServiceLogLine(int.Parse(m.Groups["pid"].Value, CultureInfo.InvariantCulture), m.Groups["level"].Value, line) : null;

    public bool IsProblem(ServiceLogLine line) => line.Level is "ERROR" or "CRITICAL" && line.Text.Contains("etcd", StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ (?<pid>\d+) (?<level>[A-Z]+) ")]
    private static partial Regex Line();
}
