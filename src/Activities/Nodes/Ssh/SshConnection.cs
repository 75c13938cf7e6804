using Renci.SshNet;
using Saga.Activities.Inventory;

namespace Saga.Activities.Nodes.Ssh;

/// <summary>
/// A connected client with the identity it was verified as: every server on the way (jump hosts, then the node) and
/// the host key each presented, which a reuse checks again. Disposing it closes the client, then the tunnels it ran
/// through, innermost first.
/// </summary>
internal sealed class SshConnection(BaseClient client, IReadOnlyList<VerifiedHop> route, IReadOnlyList<IDisposable> tunnel) : IDisposable
{
    public BaseClient Client { get; } = client;

    /// <summary>Jump hosts first, the node last.</summary>
    public IReadOnlyList<VerifiedHop> Route { get; } = route;

    public bool IsConnected => Client.IsConnected;

    public void Dispose()
    {
        Client.Dispose();
        foreach (var part in tunnel.Reverse())
            part.Dispose();
    }
}

/// <summary>A server reached and the host key it presented, which known_hosts trusted at the time.</summary>
internal sealed record VerifiedHop(SshHop Hop, byte[] HostKey);
