using System.Net;
using System.Net.Sockets;

namespace Saga.Tests.Postgres;

/// <summary>
/// A port where PostgreSQL is not there yet: nothing listens on it (connections are refused) until <see cref="Open"/>,
/// from then on it forwards each connection to the real server: a server that comes up after its clients.
/// </summary>
public sealed class LatePostgres : IDisposable
{
    private readonly CancellationTokenSource stopped = new();
    private readonly int target;
    private TcpListener? listener;

    public LatePostgres(int target)
    {
        this.target = target;
        Port = PostgresDatabase.ClosedPort();
    }

    public int Port { get; }

    /// <summary>Starts listening on <see cref="Port"/> and forwarding to the server.</summary>
    public void Open()
    {
        listener = new TcpListener(IPAddress.Loopback, Port);
        listener.Start();
        _ = AcceptAsync(listener, stopped.Token);
    }

    public void Dispose()
    {
        stopped.Cancel();
        listener?.Stop();
        stopped.Dispose();
    }

    private async Task AcceptAsync(TcpListener accepting, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await accepting.AcceptTcpClientAsync(cancellationToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            _ = ForwardAsync(client, cancellationToken);
        }
    }

    private async Task ForwardAsync(TcpClient client, CancellationToken cancellationToken)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(IPAddress.Loopback, target, cancellationToken);
                await using var near = client.GetStream();
                await using var far = server.GetStream();
                await Task.WhenAny(near.CopyToAsync(far, cancellationToken), far.CopyToAsync(near, cancellationToken));
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or ObjectDisposedException)
            {
            }
        }
    }
}
