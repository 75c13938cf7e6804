using System.Diagnostics;
using System.Diagnostics.Metrics;
using Saga.Activities.Nodes;

namespace Saga.Activities.Telemetry;

/// <summary>
/// What node access tells OpenTelemetry (System.Diagnostics; recorded only when a listener subscribes to
/// <see cref="SourceName"/>). Spans: <c>ssh connect</c> per connection and <c>ssh {program}</c> per remote command,
/// with the node, the command as plans show it (secrets passed as environment are <c>***</c>) and its exit code.
/// Metrics: <c>saga.ssh.connect.duration</c> and <c>saga.ssh.command.duration</c>.
/// </summary>
public static class NodeTelemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string SourceName = "Saga.Activities";

    /// <summary>Command text kept on a span at most; scripts beyond it are cut.</summary>
    private const int CommandLength = 512;

    private static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);
    private static readonly Histogram<double> Connects = Meter.CreateHistogram<double>("saga.ssh.connect.duration", "s", "How long connecting to a node took (TCP, key exchange, host key check, authentication).");
    private static readonly Histogram<double> Commands = Meter.CreateHistogram<double>("saga.ssh.command.duration", "s", "How long each remote command took, by program and exit code.");

    /// <summary>A span for one remote command on <paramref name="node"/>; end it with <see cref="CommandEnded"/>.</summary>
    public static Activity? StartCommand(string node, ShellCommand command)
    {
        var span = Source.StartActivity($"ssh {Program(command)}", ActivityKind.Client);
        var text = command.ToString();
        span?.SetTag("saga.node", node).SetTag("saga.command.name", Program(command))
            .SetTag("saga.command", text.Length > CommandLength ? text[..CommandLength] + "..." : text).SetTag("saga.command.privileged", command.Privileged);
        return span;
    }

    public static void CommandEnded(Activity? span, ShellCommand command, CommandResult result)
    {
        var exit = result.ExitStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "signal";
        span?.SetTag("saga.command.exit_code", exit);
        if (result.ExitStatus != 0)
            span?.SetStatus(ActivityStatusCode.Error, $"exit {exit}");
        Commands.Record(result.Elapsed.TotalSeconds, new KeyValuePair<string, object?>("saga.command.name", Program(command)), new KeyValuePair<string, object?>("saga.command.exit_code", exit));
    }

    /// <summary>A span for connecting to <paramref name="node"/>.</summary>
    public static Activity? StartConnect(string node, string host, int port) =>
        Source.StartActivity("ssh connect", ActivityKind.Client)?.SetTag("saga.node", node).SetTag("server.address", host).SetTag("server.port", port);

    public static void Connected(string node, TimeSpan took) => Connects.Record(took.TotalSeconds, new KeyValuePair<string, object?>("saga.node", node));

    /// <summary>Marks a span failed with what was thrown; false, so it also serves as an exception filter that handles nothing.</summary>
    public static bool Failed(Activity? span, Exception exception)
    {
        span?.AddException(exception).SetStatus(ActivityStatusCode.Error, exception.Message);
        return false;
    }

    /// <summary>The program a command runs (<c>yum</c>, <c>sh</c> for a script), never its arguments.</summary>
    private static string Program(ShellCommand command) => Path.GetFileName(command.Arguments[0]);
}
