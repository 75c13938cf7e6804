using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Tests.Support;

namespace Saga.Activities.Tests.Steps;

public sealed class InstallPreviousCalicoctlTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_SourceAnsweringMoreThanMaxDownloadBytes_StopsReadingAndInstallsNothing()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var served = ServeEndlesslyAsync(listener);
        var shell = new FakeNodeShell();
        var inventory = Some.Inventory() with
        {
            Calicoctl = new CalicoctlSettings($"http://127.0.0.1:{port}/calicoctl", new string('0', 64), "/usr/local/bin/calicoctl", ["all"], null),
        };
        var step = new InstallPreviousCalicoctl(shell, Options.Create(new CalicoctlOptions { MaxDownloadBytes = 64 * 1024 }),
            NullLogger<InstallPreviousCalicoctl>.Instance);

        var refused = await Assert.ThrowsAsync<InvalidDataException>(async () =>
            await step.ExecuteAsync(Some.Context(new Dictionary<string, object?> { [DowngradeVariables.Inventory] = inventory }), Ct));
        listener.Stop();
        var sent = await served;

        Assert.Contains("is larger than 65536 bytes (Saga:Calicoctl:MaxDownloadBytes); nothing was installed", refused.Message, StringComparison.Ordinal);
        Assert.True(sent < 16 * 1024 * 1024, $"{sent} bytes were read from a source that never ends");
        Assert.Empty(shell.Commands);
    }

    /// <summary>Answers one request with a body that never ends, until the client hangs up; returns how much it sent.</summary>
    private static async Task<long> ServeEndlesslyAsync(TcpListener listener)
    {
        using var client = await listener.AcceptTcpClientAsync(Ct);
        var stream = client.GetStream();
        var buffer = new byte[8192];
        _ = await stream.ReadAsync(buffer, Ct); // the request
        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nConnection: close\r\n\r\n"u8.ToArray(), Ct);
        long sent = 0;
        try
        {
            while (sent < 1L << 30)
            {
                await stream.WriteAsync(buffer, Ct);
                sent += buffer.Length;
            }
        }
        catch (IOException)
        {
            // the client stopped reading and closed the connection
        }

        return sent;
    }
}
