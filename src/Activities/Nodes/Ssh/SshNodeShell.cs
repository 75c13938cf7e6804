using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Renci.SshNet;
using Renci.SshNet.Common;
using Saga.Activities.Inventory;
using Saga.Activities.Telemetry;
using Saga.Engine.Commands;

namespace Saga.Activities.Nodes.Ssh;

/// <summary>
/// SSH.NET behind <see cref="INodeShell"/>: host keys checked against known_hosts, one command connection per node and
/// run reused (plus one SFTP connection when a file is written), see <see cref="SshConnections"/>.
/// Every command is reported to the journal (<see cref="NodeCommandLog"/>) where it ran: text, exit code, start, duration
/// and an excerpt of its output; a file read without the content, a batch part by part.
/// </summary>
internal sealed class SshNodeShell(SshConnections connections, NodeCommandLog journal, TimeProvider time, ILogger<SshNodeShell> logger) : INodeShell, IAsyncDisposable
{
    private const string ReadScript = """[ -e "$1" ] || exit 3; base64 < "$1" """;
    private const int Missing = 3;

    // A folder of the login user's own, 0700 (mktemp -d creates it so; chmod says it again for a mktemp that would not):
    // nobody else on the node can read the content or swap the file before it is moved into place.
    private const string UploadFolderScript = """
        set -e
        dir=$(mktemp -d /tmp/saga.XXXXXXXXXX)
        chmod 700 -- "$dir"
        printf '%s' "$dir"
        """;

    // Copy the old file first so owner and mode survive, then fill and rename: the target is never half written.
    private const string ReplaceScript = """
        set -e
        new="$2.saga-new"
        if [ -e "$2" ]; then cp -p -- "$2" "$new"; else : > "$new"; chmod 644 -- "$new"; fi
        cat -- "$1" > "$new"
        mv -f -- "$new" "$2"
        """;

    private static readonly TimeSpan CleanupTimeout = TimeSpan.FromSeconds(30);

    public Task<CommandResult> RunAsync(NodeSpec node, ShellCommand command, CancellationToken cancellationToken) =>
        RecordedAsync(node, command, keepOutput: true, cancellationToken);

    /// <summary>Runs the command and reports it to the journal, with what it printed unless <paramref name="keepOutput"/> is false; also when it fails to finish.</summary>
    private async Task<CommandResult> RecordedAsync(NodeSpec node, ShellCommand command, bool keepOutput, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow().UtcDateTime;
        var clock = Stopwatch.StartNew();
        try
        {
            var result = await ExecuteAsync(node, command, cancellationToken);
            journal.Record(node.Name, result.Command, result.ExitStatus, started, result.Elapsed, keepOutput ? Output(result) : null);
            return result;
        }
        catch (Exception ex) when (ex is NodeException or OperationCanceledException)
        {
            journal.Record(node.Name, command.ToString(), null, started, clock.Elapsed, ex.Message);
            throw;
        }
    }

    private async Task<CommandResult> ExecuteAsync(NodeSpec node, ShellCommand command, CancellationToken cancellationToken)
    {
        var client = await connections.GetAsync(node, info => new SshClient(info), cancellationToken);
        // SSH.NET never closes the command's standard input: anything that reads it (a prompt) would wait forever. So it
        // is /dev/null, unless the command has input (a password), which is written to the channel and then closed.
        var text = command.Render(node.Ssh.Sudo) + (command.Input is null ? " < /dev/null" : "");
        logger.LogDebug("Running {Command} on {Node}", command, node.Name);
        using var span = NodeTelemetry.StartCommand(node.Name, command);
        using var ssh = client.CreateCommand(text, Encoding.UTF8);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(node.Ssh.CommandTimeout);
        var clock = Stopwatch.StartNew();
        try
        {
            var running = ssh.ExecuteAsync(limit.Token);
            if (command.Input is not null)
            {
                await using var input = ssh.CreateInputStream();
                await input.WriteAsync(Encoding.UTF8.GetBytes(command.Input), limit.Token);
            }

            await running;
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
        var result = await RecordedAsync(node, ShellCommand.Script(true, ReadScript, path).ShownAs($"read {path}"), keepOutput: false, cancellationToken);
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
    /// Uploads into a fresh 0700 folder of the login user (<c>mktemp -d</c>), moves the content into place with sudo,
    /// and removes the folder on every path: done, refused, timed out, cancelled or cut off (as far as the node can
    /// still be reached).
    /// </summary>
    public async Task WriteFileAsync(NodeSpec node, string path, byte[] content, CancellationToken cancellationToken)
    {
        var folder = (await RunAsync(node, ShellCommand.Script(false, UploadFolderScript), cancellationToken)).EnsureSuccess().Stdout.Trim();
        if (!folder.StartsWith("/tmp/saga.", StringComparison.Ordinal) || folder.Contains('\n', StringComparison.Ordinal))
            throw new NodeException(node.Name, $"mktemp -d gave '{folder}', not a folder under /tmp", retryable: false);
        try
        {
            var upload = folder + "/content";
            var sftp = await connections.GetAsync(node, info => new SftpClient(info), cancellationToken);
            try
            {
                using var stream = new MemoryStream(content, writable: false);
                await sftp.UploadFileAsync(stream, upload, cancellationToken);
            }
            catch (Exception ex) when (ex is SshConnectionException or SshException or SocketException or ObjectDisposedException)
            {
                connections.Forget<SftpClient>(node);
                throw new NodeException(node.Name, $"uploading {path} failed: {ex.Message}", retryable: true, ex);
            }

            (await RunAsync(node, ShellCommand.Script(true, ReplaceScript, upload, path), cancellationToken)).EnsureSuccess();
        }
        finally
        {
            await RemoveFolderAsync(node, folder);
        }
    }

    public ValueTask DisposeAsync() => connections.DisposeAsync();

    /// <summary>Removes the upload folder, also after a failure or cancellation; a node that cannot be reached keeps it, which is logged.</summary>
    private async Task RemoveFolderAsync(NodeSpec node, string folder)
    {
        using var limit = new CancellationTokenSource(CleanupTimeout);
        try
        {
            var removed = await RunAsync(node, ShellCommand.Plain("rm", "-rf", "--", folder), limit.Token);
            if (!removed.Succeeded)
                logger.LogWarning("Could not remove the upload folder {Folder} on {Node}: {Error}", folder, node.Name, removed.Stderr.Trim());
        }
        catch (Exception ex) when (ex is NodeException or OperationCanceledException)
        {
            logger.LogWarning("Could not remove the upload folder {Folder} on {Node}: {Error}", folder, node.Name, ex.Message);
        }
    }

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
        public Task<CommandResult> RunAsync(NodeSpec node, ShellCommand command, CancellationToken cancellationToken) => shell.ExecuteAsync(node, command, cancellationToken);

        public Task<byte[]?> ReadFileAsync(NodeSpec node, string path, CancellationToken cancellationToken) => shell.ReadFileAsync(node, path, cancellationToken);

        public Task WriteFileAsync(NodeSpec node, string path, byte[] content, CancellationToken cancellationToken) => shell.WriteFileAsync(node, path, content, cancellationToken);
    }
}
