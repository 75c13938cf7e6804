using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Renci.SshNet;
using Saga.Activities.Inventory;
using Saga.Engine.Runtime;

namespace Saga.Activities.Nodes.Ssh;

/// <summary>
/// Open connections, each belonging to one run and one verified identity. A connection is found again only by the run
/// that opened it (a compute node's child run, or the cluster run for cluster-wide steps: the engine enters this scope
/// as a run starts) and only for the same route: every server's address, port, user, key file and known_hosts file. On
/// every reuse the host keys it was verified with are checked again against the known_hosts files as they are now. When
/// the run ends, its connections are closed. Outside any run (<c>saga plan</c>) connections live until disposal.
/// The shared connect runs on a token of the pool's own, never the first caller's: a caller that gives up stops waiting,
/// and the others still get the connection.
/// </summary>
internal sealed class SshConnections(SshConnector connector, KnownHostsFiles knownHosts, ILogger<SshConnections> logger) : IRunScope, IAsyncDisposable
{
    private const string NoRun = "";
    private static readonly AsyncLocal<string?> CurrentRun = new();
    private readonly ConcurrentDictionary<Key, Entry> entries = new();

    /// <summary>A pool of its own outside dependency injection (tests, benchmarks), logging nothing.</summary>
    public static SshConnections Create(SshOptions options, Func<string?> passphrase)
    {
        var knownHosts = new KnownHostsFiles();
        var connector = new SshConnector(Options.Create(options), TimeProvider.System, knownHosts, new PrivateKeys(passphrase), NullLogger<SshConnector>.Instance);
        return new SshConnections(connector, knownHosts, NullLogger<SshConnections>.Instance);
    }

    /// <summary>How many connections are open or opening, for tests and diagnostics.</summary>
    public int Count => entries.Count;

    public IAsyncDisposable Enter(string instanceId)
    {
        CurrentRun.Value = instanceId;
        return new RunEnd(this, instanceId);
    }

    /// <summary>The connection of the current run for this node's route, opened or reused after checking it again.</summary>
    public async Task<T> GetAsync<T>(NodeSpec node, Func<ConnectionInfo, T> create, CancellationToken cancellationToken)
        where T : BaseClient
    {
        var key = KeyOf<T>(node);
        for (var attempt = 1; ; attempt++)
        {
            var entry = entries.GetOrAdd(key, _ => new Entry(node, info => create(info), connector));
            SshConnection connection;
            try
            {
                connection = await entry.Connection.WaitAsync(cancellationToken);
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                Remove(key, entry); // a failed connect is not kept: the next caller tries afresh
                throw;
            }

            var stale = !connection.IsConnected ? "the connection was closed" : Untrusted(connection);
            if (stale is null)
                return (T)connection.Client;
            Remove(key, entry);
            if (attempt == 3)
                throw new NodeException(node.Name, $"cannot keep a trusted connection: {stale}", retryable: true);
            logger.LogDebug("Not reusing the connection to {Node}: {Reason}; connecting again", node.Name, stale);
        }
    }

    /// <summary>Closes the current run's connection for this node's route (it was found broken).</summary>
    public void Forget<T>(NodeSpec node)
        where T : BaseClient
    {
        var key = KeyOf<T>(node);
        if (entries.TryGetValue(key, out var entry))
            Remove(key, entry);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (key, entry) in entries)
            await CloseAsync(key, entry);
    }

    private static Key KeyOf<T>(NodeSpec node) =>
        new(CurrentRun.Value ?? NoRun, typeof(T).Name, string.Join(" -> ", SshConnector.RouteOf(node).Select(h => $"{h} key={h.PrivateKeyFile} known_hosts={h.KnownHostsFile}")));

    /// <summary>Why a live connection may no longer be used: a host key it was verified with is no longer trusted.</summary>
    private string? Untrusted(SshConnection connection)
    {
        foreach (var (hop, hostKey) in connection.Route)
        {
            var check = knownHosts.Get(hop.KnownHostsFile).Check(hop.Host, hop.Port, hostKey);
            if (!check.IsTrusted)
                return check.Explain(hop.KnownHostsFile);
        }

        return null;
    }

    private void Remove(Key key, Entry entry)
    {
        if (entries.TryRemove(new KeyValuePair<Key, Entry>(key, entry)))
            entry.Dispose();
    }

    private async Task CloseAsync(Key key, Entry entry)
    {
        if (!entries.TryRemove(new KeyValuePair<Key, Entry>(key, entry)))
            return;
        entry.Dispose();
        try
        {
            await entry.Connection;
        }
        catch (Exception ex) when (ex is NodeException or OperationCanceledException)
        {
            // never connected, or stopped connecting as the run ended
        }
    }

    private async ValueTask EndRunAsync(string run)
    {
        var closing = entries.Where(e => e.Key.Run == run).ToList();
        foreach (var (key, entry) in closing)
            await CloseAsync(key, entry);
        if (closing.Count > 0)
            logger.LogDebug("Closed {Count} SSH connection(s) of run {InstanceId}", closing.Count, run);
    }

    private sealed record Key(string Run, string Kind, string Route);

    /// <summary>One connection being opened or open; the connect runs on the entry's own token, cancelled when it closes.</summary>
    private sealed class Entry : IDisposable
    {
        private readonly CancellationTokenSource closing = new();
        private readonly Lazy<Task<SshConnection>> connection;

        public Entry(NodeSpec node, Func<ConnectionInfo, BaseClient> create, SshConnector connector) =>
            connection = new Lazy<Task<SshConnection>>(() => connector.ConnectWithRetriesAsync(node, create, closing.Token));

        public Task<SshConnection> Connection => connection.Value;

        /// <summary>Stops a connect in flight and closes the connection once it is there.</summary>
        public void Dispose()
        {
            closing.Cancel();
            _ = connection.Value.ContinueWith(
                t =>
                {
                    if (t.IsCompletedSuccessfully)
                        t.Result.Dispose();
                    closing.Dispose();
                },
                CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    private sealed class RunEnd(SshConnections connections, string run) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => connections.EndRunAsync(run);
    }
}
