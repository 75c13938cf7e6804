using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;
using Saga.Activities.Inventory;
using Saga.Activities.Telemetry;
using Saga.Engine.Commands;

namespace Saga.Activities.Nodes.Ssh;

/// <summary>
/// SSH.NET behind <see cref="INodeShell"/>: host keys checked against known_hosts, one connection per node and run reused
/// for commands, reads and writes alike, see <see cref="SshConnections"/>.
/// Every command is reported to the journal (<see cref="NodeCommandLog"/>) where it ran: text, exit code, start, duration
/// and an excerpt of its output; a file read without the content, a batch part by part.
/// </summary>
internal sealed class SshNodeShell(SshConnections connections, NodeCommandLog journal, TimeProvider time, ILogger<SshNodeShell> logger) : INodeShell, IAsyncDisposable
{
    private const string ReadScript = """[ -e "$1" ] || exit 3; base64 < "$1" """;
    private const int Missing = 3;

    // The content arrives on standard input, straight into a file beside the target that already has the old file's owner
    // and mode (cp -p; a new file is 0644 before anything is written), so nobody else can read it or swap it; it replaces
    // the target only when all of it arrived ($2 is its sha256): a channel cut mid-way leaves the target as it was. The
    // file beside the target is removed on every path out.
    internal const string WriteScript = """
        set -e
        new="$1.saga-new"
        trap 'rm -f -- "$new"' EXIT
        if [ -e "$1" ]; then cp -p -- "$1" "$new"; else : > "$new"; chmod 644 -- "$new"; fi
        cat > "$new"
        sum=$(sha256sum < "$new")
        case "$sum" in
        "$2 "*) ;;
        *) echo "saga: $1: the content arrived incomplete or damaged (sha256 $sum, expected $2); the file was left as it was" >&2; exit 4 ;;
        esac
        mv -f -- "$new" "$1"
        """;

    public Task<CommandResult> RunAsync(NodeSpec node, ShellCommand command, CancellationToken cancellationToken) =>
        RecordedAsync(node, command, keepOutput: true, Input(command), cancellationToken);

    /// <summary>Runs the command and reports it to the journal, with what it printed unless <paramref name="keepOutput"/> is false; also when it fails to finish.</summary>
    private async Task<CommandResult> RecordedAsync(
        NodeSpec node, ShellCommand command, bool keepOutput, Func<Stream, CancellationToken, Task>? writeInput, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow().UtcDateTime;
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await ExecuteAsync(node, command, writeInput, cancellationToken);
            journal.Record(node.Name, result.Command, result.ExitStatus, started, result.Elapsed, keepOutput ? Output(result) : null);
            return result;
        }
        catch (Exception ex) when (ex is NodeException or OperationCanceledException)
        {
            journal.Record(node.Name, command.ToString(), null, started, clock.Elapsed, ex.Message);
            throw;
        }
    }

    /// <summary>Runs <paramref name="command"/>; <paramref name="writeInput"/>, when given, writes its standard input, which is closed after it.</summary>
    private async Task<CommandResult> ExecuteAsync(NodeSpec node, ShellCommand command, Func<Stream, CancellationToken, Task>? writeInput, CancellationToken cancellationToken)
    {
        var client = await connections.GetAsync(node, info => new SshClient(info), cancellationToken);
        // SSH.NET never closes the command's standard input: anything that reads it (a prompt) would wait forever. So it
        // is /dev/null, unless the command has input (a password, a file's content), which is written to the channel and then closed.
        var text = command.Render(node.Ssh.Sudo) + (writeInput is null ? " < /dev/null" : "");
        logger.LogDebug("Running {Command} on {Node}", command, node.Name);
        using var span = NodeTelemetry.StartCommand(node.Name, command);
        using var ssh = client.CreateCommand(text, Encoding.UTF8);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(node.Ssh.CommandTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            var running = ssh.ExecuteAsync(limit.Token);
            Exception? unsent = null;
            if (writeInput is not null)
            {
                try
                {
                    await using var input = ssh.CreateInputStream();
                    await writeInput(input, limit.Token);
                }
                catch (Exception ex) when (ex is InvalidOperationException or SshException or ObjectDisposedException)
                {
                    unsent = ex; // the command ended before it read all of its input: its exit status says why
                }
            }

            await running;
            if (unsent is not null && ssh.ExitStatus == 0)
                throw new NodeException(node.Name, $"'{command}' ended before it read all of its input ({unsent.Message})", retryable: true, unsent);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            NodeTelemetry.Failed(span, ex);
            throw new NodeException(node.Name, $"'{command}' did not finish within {node.Ssh.CommandTimeout} and was stopped", retryable: false);
        }
        catch (Exception ex) when (ex is SshConnectionException or SshException or SocketException or ObjectDisposedException)
        {
            NodeTelemetry.Failed(span, ex);
            connections.Forget<SshClient>(node);
            throw new NodeException(node.Name, $"the connection was lost while '{command}' ran ({ex.Message}); whether it completed is unknown", retryable: true, ex);
        }

        var result = new CommandResult(node.Name, command.ToString(), ssh.ExitStatus, ssh.Result, ssh.Error, clock.Elapsed);
        NodeTelemetry.CommandEnded(span, command, result);
        if (command.Privileged && node.Ssh.Sudo && result.ExitStatus != 0 && SudoRefused(result.Stderr))
        {
            throw new NodeException(node.Name,
                $"sudo -n refused to run '{command}' for {node.Ssh.User}: {result.Stderr.Trim()}. Give {node.Ssh.User} passwordless sudo, or log in as root with sudo: false",
                retryable: false);
        }

        return result;
    }

    public async Task<byte[]?> ReadFileAsync(NodeSpec node, string path, CancellationToken cancellationToken)
    {
        // The content is not kept with the command: it may hold secrets the mask cannot see (it is base64 here).
        var result = await RecordedAsync(node, ShellCommand.Script(true, ReadScript, path).ShownAs($"read {path}"), keepOutput: false, writeInput: null, cancellationToken);
        if (result.ExitStatus == Missing)
            return null;
        result.EnsureSuccess();
        try
        {
            return Convert.FromBase64String(result.Stdout.Replace("\n", "", StringComparison.Ordinal).Replace("\r", "", StringComparison.Ordinal));
        }
        catch (FormatException ex)
        {
            throw new NodeException(node.Name, $"reading {path} gave output that is not base64: {ex.Message}", retryable: false, ex);
        }
    }

    /// <summary>The batch as one script; the journal gets each part as its own command (a file read without its content).</summary>
    public async Task<NodeBatchResult> RunBatchAsync(NodeSpec node, NodeBatch batch, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow().UtcDateTime;
        var clock = Stopwatch.StartNew();
        NodeBatchResult results;
        try
        {
            results = await batch.RunAsOneScriptAsync(new Unrecorded(this), node, cancellationToken);
        }
        catch (Exception ex) when (ex is NodeException or OperationCanceledException)
        {
            journal.Record(node.Name, string.Join("; ", batch.Parts.Select(p => p.Command.ToString())), null, started, clock.Elapsed, ex.Message);
            throw;
        }

        for (var i = 0; i < batch.Parts.Count; i++)
            journal.Record(node.Name, results[i].Command, results[i].ExitStatus, started, results[i].Elapsed, batch.Parts[i].ReadPath is null ? Output(results[i]) : null);
        return results;
    }

    /// <summary>
    /// Sends the content on the command channel's standard input to <see cref="WriteScript"/>, which fills a file beside
    /// the target and renames it over the target once the content's sha256 matches: one round trip, no second connection.
    /// </summary>
    public async Task WriteFileAsync(NodeSpec node, string path, byte[] content, CancellationToken cancellationToken)
    {
        var command = ShellCommand.Script(true, WriteScript, path, Convert.ToHexStringLower(SHA256.HashData(content)))
            .ShownAs($"write {ShellCommand.Quote(path)} ({content.Length} bytes)");
        (await RecordedAsync(node, command, keepOutput: true, (input, token) => input.WriteAsync(content, token).AsTask(), cancellationToken)).EnsureSuccess();
    }

    public ValueTask DisposeAsync() => connections.DisposeAsync();

    /// <summary>Writes the command's own input (a password) to its standard input, or null when it has none.</summary>
    private static Func<Stream, CancellationToken, Task>? Input(ShellCommand command) =>
        command.Input is { } text ? (input, token) => input.WriteAsync(Encoding.UTF8.GetBytes(text), token).AsTask() : null;

    private static string Output(CommandResult result) =>
        result.Stderr.Length == 0 ? result.Stdout : result.Stdout + (result.Stdout.Length == 0 || result.Stdout.EndsWith('\n') ? "" : "\n") + result.Stderr;

    private static bool SudoRefused(string stderr) =>
        stderr.Contains("sudo: a password is required", StringComparison.Ordinal)
        || stderr.Contains("sudo: a terminal is required", StringComparison.Ordinal)
        || stderr.Contains("is not in the sudoers file", StringComparison.Ordinal)
        || stderr.Contains("sudo: command not found", StringComparison.Ordinal);

    /// <summary>The shell without its journal reports: a batch's one script is reported part by part instead.</summary>
    private sealed class Unrecorded(SshNodeShell shell) : INodeShell
    {
        public Task<CommandResult> RunAsync(NodeSpec node, ShellCommand command, CancellationToken cancellationToken) => shell.ExecuteAsync(node, command, Input(command), cancellationToken);

        public Task<byte[]?> ReadFileAsync(NodeSpec node, string path, CancellationToken cancellationToken) => shell.ReadFileAsync(node, path, cancellationToken);

        public Task WriteFileAsync(NodeSpec node, string path, byte[] content, CancellationToken cancellationToken) => shell.WriteFileAsync(node, path, content, cancellationToken);
    }
}
