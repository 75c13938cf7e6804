using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Tests.Support;
using Saga.Engine.Activities;

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

    [Fact]
    public async Task ExecuteAsync_CalicoctlToReplace_BacksUpExactlyWhatChangesBeforeActing_AndRecordsItsUndo()
    {
        using var folder = new TempFolder();
        var source = Path.Combine(folder.Path, "calicoctl");
        await File.WriteAllBytesAsync(source, "calicoctl v1.6.5"u8.ToArray(), Ct);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("calicoctl v1.6.5"u8.ToArray()));
        var backups = "saved\t/usr/bin/calicoctl\t/b/_usr_bin_calicoctl.1\t" + new string('a', 64) + "\n" +
                      "saved\t/usr/local/bin/calicoctl\t/b/_usr_local_bin_calicoctl.1\t" + new string('b', 64) + "\n";
        var shell = new FakeNodeShell()
            .On("IFS=:", new CommandResultSpec(Stdout: "/usr/bin/calicoctl v3.1.3\n/usr/local/bin/calicoctl v3.1.3\n"))
            .On("tr / _", new CommandResultSpec(Stdout: backups))
            .On("sha256sum /usr/local/bin/calicoctl", new CommandResultSpec(Stdout: new string('0', 64) + "  /usr/local/bin/calicoctl\n"), new CommandResultSpec(Stdout: sha + "  /usr/local/bin/calicoctl\n"))
            .On("rm -f /usr/bin/calicoctl")
            .On("chmod 0755 /usr/local/bin/calicoctl")
            .On("/usr/local/bin/calicoctl version", new CommandResultSpec(Stdout: "Client Version:    v1.6.5\n"));
        var inventory = Some.Inventory() with { Calicoctl = new CalicoctlSettings(source, sha, "/usr/local/bin/calicoctl", [Some.Node().Name], null) };
        var step = new InstallPreviousCalicoctl(shell, Options.Create(new CalicoctlOptions()), NullLogger<InstallPreviousCalicoctl>.Instance);

        var result = await step.ExecuteAsync(Some.Context(new Dictionary<string, object?> { [DowngradeVariables.Inventory] = inventory }), Ct);

        var backup = shell.Commands.FindIndex(c => c.Contains("tr / _", StringComparison.Ordinal));
        Assert.True(backup >= 0 && backup < shell.Commands.FindIndex(c => c.Contains("rm -f /usr/bin/calicoctl", StringComparison.Ordinal)), string.Join("\n", shell.Commands));
        Assert.Contains("/usr/bin/calicoctl", shell.Commands[backup], StringComparison.Ordinal);
        Assert.Contains("/usr/local/bin/calicoctl", shell.Commands[backup], StringComparison.Ordinal);
        Assert.DoesNotContain("calicoctl.cfg", shell.Commands[backup], StringComparison.Ordinal); // not changed: no backup, no undo
        Assert.Equal(["/usr/local/bin/calicoctl"], shell.Writes);
        Assert.Equal(["/usr/bin/calicoctl", "/usr/local/bin/calicoctl"], Assert.Single(result.Nodes).Undo!.Select(u => u.Target));
    }

    [Fact]
    public async Task ExecuteAsync_CalicoctlInPlace_BacksUpNothingAndRecordsNoUndo()
    {
        using var folder = new TempFolder();
        var source = Path.Combine(folder.Path, "calicoctl");
        await File.WriteAllBytesAsync(source, "calicoctl v1.6.5"u8.ToArray(), Ct);
        var sha = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("calicoctl v1.6.5"u8.ToArray()));
        var shell = new FakeNodeShell()
            .On("IFS=:", new CommandResultSpec(Stdout: "/usr/local/bin/calicoctl v1.6.5\n"))
            .On("sha256sum /usr/local/bin/calicoctl", new CommandResultSpec(Stdout: sha + "  /usr/local/bin/calicoctl\n"))
            .On("/usr/local/bin/calicoctl version", new CommandResultSpec(Stdout: "Client Version:    v1.6.5\n"));
        var inventory = Some.Inventory() with { Calicoctl = new CalicoctlSettings(source, sha, "/usr/local/bin/calicoctl", [Some.Node().Name], null) };
        var step = new InstallPreviousCalicoctl(shell, Options.Create(new CalicoctlOptions()), NullLogger<InstallPreviousCalicoctl>.Instance);

        var result = await step.ExecuteAsync(Some.Context(new Dictionary<string, object?> { [DowngradeVariables.Inventory] = inventory }), Ct);

        Assert.Equal(ActivityResult.Done, result.Outcome());
        Assert.Contains("calicoctl v1.6 in place", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, shell.Count("tr / _"));
        Assert.Empty(shell.Writes);
        Assert.Null(Assert.Single(result.Nodes).Undo);
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
