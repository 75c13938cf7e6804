using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Renci.SshNet;
using Renci.SshNet.Common;
using Saga.Activities.Inventory;
using Saga.Activities.Telemetry;

namespace Saga.Activities.Nodes.Ssh;

/// <summary>
/// SSH.NET behind <see cref="INodeShell"/>: host keys checked against known_hosts, one command connection per node
/// reused (plus one SFTP connection when a file is written), connect retries with backoff on connection failures only.
/// </summary>
internal sealed class SshNodeShell(IOptions<SshOptions> options, TimeProvider time, ILogger<SshNodeShell> logger) : INodeShell, IAsyncDisposable
{
    private const string ReadScript = """[ -e "$1" ] || exit 3; base64 < "$1" """;
    private const int Missing = 3;
    private static readonly string[] RsaAlgorithms = ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"];

    // Copy the old file first so owner and mode survive, then fill and rename: the target is never half written.
    private const string ReplaceScript = """
        set -e
        new="$2.saga-new"
        if [ -e "$2" ]; then cp -p -- "$2" "$new"; else : > "$new"; chmod 644 -- "$new"; fi
        cat -- "$1" > "$new"
        mv -f -- "$new" "$2"
        rm -f -- "$1"
        """;

    private readonly ConcurrentDictionary<string, Lazy<Task<SshClient>>> commands = new();
    private readonly ConcurrentDictionary<string, Lazy<Task<SftpClient>>> files = new();
    private readonly ConcurrentDictionary<string, KnownHosts> knownHosts = new();

    public async Task<CommandResult> RunAsync(NodeSpec node, ShellCommand command, CancellationToken cancellationToken)
    {
        var client = await ClientAsync(commands, node, (info, _) => new SshClient(info), cancellationToken);
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
            Forget(commands, node);
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
        var result = await RunAsync(node, ShellCommand.Script(true, ReadScript, path), cancellationToken);
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

    public async Task WriteFileAsync(NodeSpec node, string path, byte[] content, CancellationToken cancellationToken)
    {
        var sftp = await ClientAsync(files, node, (info, _) => new SftpClient(info), cancellationToken);
        var upload = $"/tmp/saga-{Guid.NewGuid():N}";
        try
        {
            using var stream = new MemoryStream(content, writable: false);
            await sftp.UploadFileAsync(stream, upload, cancellationToken);
        }
        catch (Exception ex) when (ex is SshConnectionException or SshException or SocketException or ObjectDisposedException)
        {
            Forget(files, node);
            throw new NodeException(node.Name, $"uploading {path} failed: {ex.Message}", retryable: true, ex);
        }

        (await RunAsync(node, ShellCommand.Script(true, ReplaceScript, upload, path), cancellationToken)).EnsureSuccess();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (_, lazy) in commands)
            await CloseAsync(lazy);
        foreach (var (_, lazy) in files)
            await CloseAsync(lazy);
    }

    private static async Task CloseAsync<T>(Lazy<Task<T>> lazy)
        where T : BaseClient
    {
        if (!lazy.IsValueCreated)
            return;
        try
        {
            var client = await lazy.Value;
            client.Dispose();
        }
        catch (NodeException)
        {
            // never connected
        }
    }

    private static bool SudoRefused(string stderr) =>
        stderr.Contains("sudo: a password is required", StringComparison.Ordinal)
        || stderr.Contains("sudo: a terminal is required", StringComparison.Ordinal)
        || stderr.Contains("is not in the sudoers file", StringComparison.Ordinal)
        || stderr.Contains("sudo: command not found", StringComparison.Ordinal);

    private static void Forget<T>(ConcurrentDictionary<string, Lazy<Task<T>>> pool, NodeSpec node)
        where T : BaseClient
    {
        if (pool.TryRemove(node.Name, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully)
            lazy.Value.Result.Dispose();
    }

    private async Task<T> ClientAsync<T>(
        ConcurrentDictionary<string, Lazy<Task<T>>> pool, NodeSpec node, Func<ConnectionInfo, NodeSpec, T> create, CancellationToken cancellationToken)
        where T : BaseClient
    {
        var lazy = pool.GetOrAdd(node.Name, _ => new Lazy<Task<T>>(() => ConnectWithRetriesAsync(node, create, cancellationToken)));
        T client;
        try
        {
            client = await lazy.Value;
        }
        catch
        {
            pool.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(node.Name, lazy));
            throw;
        }

        if (client.IsConnected)
            return client;
        pool.TryRemove(new KeyValuePair<string, Lazy<Task<T>>>(node.Name, lazy));
        client.Dispose();
        return await ClientAsync(pool, node, create, cancellationToken);
    }

    private async Task<T> ConnectWithRetriesAsync<T>(NodeSpec node, Func<ConnectionInfo, NodeSpec, T> create, CancellationToken cancellationToken)
        where T : BaseClient
    {
        var attempts = options.Value.ConnectAttempts;
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ConnectAsync(node, create, cancellationToken);
            }
            catch (NodeException ex) when (ex.Retryable && attempt < attempts)
            {
                var delay = options.Value.RetryDelay * Math.Pow(2, attempt - 1);
                logger.LogWarning("Connecting to {Node} failed (attempt {Attempt} of {Attempts}): {Reason}; retrying in {Delay}", node.Name, attempt, attempts, ex.Message, delay);
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (NodeException ex) when (ex.Retryable)
            {
                throw new NodeException(node.Name, $"unreachable at {node.Host}:{node.Ssh.Port} after {attempts} attempt{(attempts == 1 ? "" : "s")}: {ex.Message[(node.Name.Length + 2)..]}", retryable: true, ex);
            }
        }
    }

    private async Task<T> ConnectAsync<T>(NodeSpec node, Func<ConnectionInfo, NodeSpec, T> create, CancellationToken cancellationToken)
        where T : BaseClient
    {
        var ssh = node.Ssh;
        var known = knownHosts.GetOrAdd(ssh.KnownHostsFile, KnownHosts.Load);
        var info = new ConnectionInfo(node.Host, ssh.Port, ssh.User, new PrivateKeyAuthenticationMethod(ssh.User, LoadKey(node))) { Timeout = ssh.ConnectTimeout };
        OfferOnlyKnownKeyTypes(info, known.KeyTypesFor(node.Host, ssh.Port));

        var client = create(info, node);
        HostKeyCheck? check = null;
        client.HostKeyReceived += (_, e) =>
        {
            check = known.Check(node.Host, ssh.Port, e.HostKey);
            e.CanTrust = check.IsTrusted;
        };

        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(ssh.ConnectTimeout);
        using var span = NodeTelemetry.StartConnect(node.Name, node.Host, ssh.Port);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await client.ConnectAsync(limit.Token);
            NodeTelemetry.Connected(node.Name, Stopwatch.GetElapsedTime(started));
            logger.LogDebug("Connected to {Node} at {Host}:{Port}", node.Name, node.Host, ssh.Port);
            return client;
        }
        catch (Exception ex) when (NodeTelemetry.Failed(span, ex))
        {
            throw; // never: the filter only marks the span and lets the handlers below decide
        }
        catch (Exception ex) when (check is { IsTrusted: false })
        {
            // SSH.NET only says "Key exchange negotiation failed"; the check says why.
            client.Dispose();
            throw new HostKeyRejectedException(node.Name, check.Explain(ssh.KnownHostsFile), check.PresentedFingerprint, check.KnownFingerprints, ex);
        }
        catch (SshAuthenticationException ex)
        {
            client.Dispose();
            throw new NodeException(node.Name, $"{ssh.User}@{node.Host} refused the key {ssh.PrivateKeyFile}: {ex.Message}", retryable: false, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new NodeException(node.Name, $"no SSH handshake with {node.Host}:{ssh.Port} within {ssh.ConnectTimeout}", retryable: true, ex);
        }
        catch (Exception ex) when (ex is SocketException or SshConnectionException or SshOperationTimeoutException or SshException or ProxyException)
        {
            client.Dispose();
            throw new NodeException(node.Name, $"cannot connect to {node.Host}:{ssh.Port}: {ex.Message}", retryable: true, ex);
        }
    }

    private static PrivateKeyFile LoadKey(NodeSpec node)
    {
        try
        {
            return new PrivateKeyFile(node.Ssh.PrivateKeyFile);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SshException or ArgumentException or InvalidOperationException)
        {
            throw new NodeException(node.Name, $"cannot use the private key {node.Ssh.PrivateKeyFile}: {ex.Message}", retryable: false, ex);
        }
    }

    /// <summary>Negotiate only key types known_hosts has for this host (as OpenSSH prefers), so a good node is not refused for offering another type first.</summary>
    private static void OfferOnlyKnownKeyTypes(ConnectionInfo info, IReadOnlyList<string> keyTypes)
    {
        if (keyTypes.Count == 0)
            return; // unknown host: whatever key it presents is refused, with its fingerprint shown
        var wanted = keyTypes.SelectMany(t => t == "ssh-rsa" ? RsaAlgorithms : [t]).ToHashSet(StringComparer.Ordinal);
        var offered = info.HostKeyAlgorithms.Keys.Where(wanted.Contains).ToList();
        if (offered.Count == 0)
            return; // nothing in common: let the node present its key and be refused with the check's explanation
        foreach (var algorithm in info.HostKeyAlgorithms.Keys.Except(offered).ToList())
            info.HostKeyAlgorithms.Remove(algorithm);
    }
}
