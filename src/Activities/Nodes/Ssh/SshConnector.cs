using System.Diagnostics;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Renci.SshNet;
using Renci.SshNet.Common;
using Saga.Activities.Inventory;
using Saga.Activities.Telemetry;

namespace Saga.Activities.Nodes.Ssh;

/// <summary>
/// Opens a connection to a node: through each jump host in turn (an SSH.NET local port forward on the previous hop,
/// bound to 127.0.0.1, as OpenSSH's ProxyJump opens a direct-tcpip channel), checking every server's host key against
/// its known_hosts file under the server's own name, never under the tunnel's address. Connection failures are retried
/// with backoff; a refused host key or key file never is.
/// </summary>
internal sealed class SshConnector(IOptions<SshOptions> options, TimeProvider time, KnownHostsFiles knownHosts, PrivateKeys keys, ILogger<SshConnector> logger)
{
    private static readonly string[] RsaAlgorithms = ["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa"];

    /// <summary>Every server on the way to <paramref name="node"/>: its jump hosts, then the node.</summary>
    public static IReadOnlyList<SshHop> RouteOf(NodeSpec node) =>
        [.. node.Ssh.ProxyJump, new SshHop(node.Host, node.Ssh.Port, node.Ssh.User, node.Ssh.PrivateKeyFile, node.Ssh.KnownHostsFile)];

    public async Task<SshConnection> ConnectWithRetriesAsync(NodeSpec node, Func<ConnectionInfo, BaseClient> create, CancellationToken cancellationToken)
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
                throw new NodeException(node.Name, $"unreachable at {node.Host}:{node.Ssh.Port}{Via(node)} after {attempts} attempt{(attempts == 1 ? "" : "s")}: {ex.Message[(node.Name.Length + 2)..]}", retryable: true, ex);
            }
        }
    }

    private async Task<SshConnection> ConnectAsync(NodeSpec node, Func<ConnectionInfo, BaseClient> create, CancellationToken cancellationToken)
    {
        var route = RouteOf(node);
        var verified = new List<VerifiedHop>();
        var tunnel = new List<IDisposable>();
        try
        {
            var (address, port) = (route[0].Host, route[0].Port);
            for (var i = 0; ; i++)
            {
                var hop = route[i];
                var last = i == route.Count - 1;
                var (client, hostKey) = await ConnectHopAsync(node, hop, last ? null : i, address, port, last ? create : info => new SshClient(info), cancellationToken);
                verified.Add(new VerifiedHop(hop, hostKey));
                if (last)
                    return new SshConnection(client, verified, tunnel);
                tunnel.Add(client);
                var next = route[i + 1];
                var forward = new ForwardedPortLocal("127.0.0.1", 0, next.Host, (uint)next.Port);
                tunnel.Add(forward);
                ((SshClient)client).AddForwardedPort(forward);
                forward.Start();
                (address, port) = ("127.0.0.1", (int)forward.BoundPort);
            }
        }
        catch
        {
            foreach (var part in Enumerable.Reverse(tunnel))
                part.Dispose();
            throw;
        }
    }

    /// <param name="node">The node this connection serves; errors are named after it.</param>
    /// <param name="hop">The server to reach and check.</param>
    /// <param name="jump">The hop's place among the jump hosts, or null for the node itself.</param>
    /// <param name="address">Where to open TCP: the server, or the local end of the tunnel to it.</param>
    /// <param name="port">Its port.</param>
    /// <param name="create">Makes the client.</param>
    /// <param name="cancellationToken">Stops the attempt.</param>
    private async Task<(BaseClient Client, byte[] HostKey)> ConnectHopAsync(
        NodeSpec node, SshHop hop, int? jump, string address, int port, Func<ConnectionInfo, BaseClient> create, CancellationToken cancellationToken)
    {
        var known = knownHosts.Get(hop.KnownHostsFile);
        var timeout = node.Ssh.ConnectTimeout;
        var info = new ConnectionInfo(address, port, hop.User, new PrivateKeyAuthenticationMethod(hop.User, keys.Load(node.Name, hop.PrivateKeyFile))) { Timeout = timeout };
        OfferOnlyKnownKeyTypes(info, known.KeyTypesFor(hop.Host, hop.Port));
        PutStreamlinedNtruPrimeLast(info);

        var client = create(info);
        HostKeyCheck? check = null;
        byte[]? presented = null;
        client.HostKeyReceived += (_, e) =>
        {
            presented = e.HostKey;
            check = known.Check(hop.Host, hop.Port, e.HostKey);
            e.CanTrust = check.IsTrusted;
        };

        var where = jump is null ? "" : $"jump host {hop}: ";
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        using var span = NodeTelemetry.StartConnect(node.Name, hop.Host, hop.Port);
        var started = Stopwatch.GetTimestamp();
        try
        {
            await client.ConnectAsync(limit.Token);
            NodeTelemetry.Connected(node.Name, Stopwatch.GetElapsedTime(started));
            logger.LogDebug("Connected to {Node} at {Host}:{Port}{Via}", node.Name, hop.Host, hop.Port, jump is null ? Via(node) : $" (jump host {jump + 1})");
            return (client, presented!);
        }
        catch (Exception ex) when (NodeTelemetry.Failed(span, ex))
        {
            throw; // never: the filter only marks the span and lets the handlers below decide
        }
        catch (Exception ex) when (check is { IsTrusted: false })
        {
            // SSH.NET only says "Key exchange negotiation failed"; the check says why.
            client.Dispose();
            throw new HostKeyRejectedException(node.Name, where + check.Explain(hop.KnownHostsFile), check.PresentedFingerprint, check.KnownFingerprints, ex);
        }
        catch (SshAuthenticationException ex)
        {
            client.Dispose();
            throw new NodeException(node.Name, $"{where}{hop.User}@{hop.Host} refused the key {hop.PrivateKeyFile}: {ex.Message}", retryable: false, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            client.Dispose();
            throw new NodeException(node.Name, $"{where}no SSH handshake with {hop.Host}:{hop.Port} within {timeout}", retryable: true, ex);
        }
        catch (Exception ex) when (ex is SocketException or SshConnectionException or SshOperationTimeoutException or SshException or ProxyException)
        {
            client.Dispose();
            var reason = jump is null && node.Ssh.ProxyJump.Count > 0 ? $"the jump host could not open a channel to it or it closed ({ex.Message})" : ex.Message;
            throw new NodeException(node.Name, $"{where}cannot connect to {hop.Host}:{hop.Port}: {reason}", retryable: true, ex);
        }
    }

    private static string Via(NodeSpec node) => node.Ssh.ProxyJump.Count == 0 ? "" : " via " + string.Join(", ", node.Ssh.ProxyJump);

    /// <summary>
    /// Offers the sntrup761x25519 key exchanges last, the others in SSH.NET's order (mlkem768x25519-sha256 first): SSH.NET
    /// computes Streamlined NTRU Prime in managed code, which took a quarter of saga's CPU in a run against servers that
    /// pick it (OpenSSH 8.5 to 9.8), where curve25519-sha256 costs a fraction. The nodes the runbook covers (OpenSSH 6.6
    /// to 7.4) offer no post-quantum exchange at all.
    /// </summary>
    private static void PutStreamlinedNtruPrimeLast(ConnectionInfo info)
    {
        foreach (var name in info.KeyExchangeAlgorithms.Keys.Where(n => n.StartsWith("sntrup761x25519-", StringComparison.Ordinal)).ToList())
            info.KeyExchangeAlgorithms.SetPosition(name, info.KeyExchangeAlgorithms.Count - 1);
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
