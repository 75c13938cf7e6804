using Saga.Activities.Nodes;

namespace Saga.Activities.Tests.OnLab;

/// <summary>
/// Connections belong to one run and one verified identity. One pool serves every run of a process, as in
/// <c>saga serve</c> or <c>saga worker</c>; the attacks below are a later run reusing what an earlier one opened.
/// </summary>
public sealed class SshConnectionsLabTests(NodeLab lab) : IClassFixture<NodeLab>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetAsync_ServerThatOffersStreamlinedNtruPrime_AgreesOnCurve25519Instead()
    {
        // The lab's sshd (OpenSSH 9.2) puts sntrup761x25519-sha512@openssh.com first; SSH.NET computes it in managed code.
        await using var connections = NodeLab.Connections();

        var client = await connections.GetAsync(lab.Xenial, info => new Renci.SshNet.SshClient(info), Ct);

        Assert.Equal("curve25519-sha256", client.ConnectionInfo.CurrentKeyExchangeAlgorithm);
    }

    [Fact]
    public async Task RunAsync_TwoRunsWithTheSameNodeName_EachReachesItsOwnHost()
    {
        // staging and production both call their first node ctl-1; the staging run's connection is still open
        await using var connections = NodeLab.Connections();
        var shell = NodeLab.Shell(connections);
        var staging = lab.Centos with { Name = "ctl-1" };
        var production = lab.Trusty with { Name = "ctl-1" };

        await using (connections.Enter("staging-run"))
        {
            var inStaging = await shell.RunAsync(staging, ShellCommand.Plain("cat", "/etc/hostname"), Ct);
            Assert.Equal("ctl", inStaging.Stdout.Trim());

            await using (connections.Enter("production-run"))
            {
                var inProduction = await shell.RunAsync(production, ShellCommand.Plain("cat", "/etc/hostname"), Ct);
                Assert.Equal("cmp-u", inProduction.Stdout.Trim());
            }
        }
    }

    [Fact]
    public async Task RunAsync_LaterRunWhoseKnownHostsLacksTheKey_IsRefusedThoughAnEarlierRunIsConnected()
    {
        await using var connections = NodeLab.Connections();
        var shell = NodeLab.Shell(connections);
        var empty = Path.Combine(lab.Lab.Directory, "later_run_known_hosts");
        await File.WriteAllTextAsync(empty, "", Ct);
        var later = lab.Centos with { Ssh = lab.Centos.Ssh with { KnownHostsFile = empty } };

        await using var first = connections.Enter("first-run");
        await shell.RunAsync(lab.Centos, ShellCommand.Plain("true"), Ct);
        await using var second = connections.Enter("second-run");

        await Assert.ThrowsAsync<HostKeyRejectedException>(() => shell.RunAsync(later, ShellCommand.Plain("true"), Ct));
    }

    [Fact]
    public async Task RunAsync_SameRunOtherUser_IsNotGivenTheOtherUsersConnection()
    {
        await using var connections = NodeLab.Connections();
        var shell = NodeLab.Shell(connections);
        var otherUser = lab.Centos with { Ssh = lab.Centos.Ssh with { User = "operator" } }; // no such login on the node

        await using var run = connections.Enter("one-run");
        await shell.RunAsync(lab.Centos, ShellCommand.Plain("true"), Ct);

        var error = await Assert.ThrowsAsync<NodeException>(() => shell.RunAsync(otherUser, ShellCommand.Plain("id", "-un"), Ct));
        Assert.Contains("operator@", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_KeyRemovedFromKnownHostsWhileConnected_NextCommandIsRefusedWithoutARestart()
    {
        await using var connections = NodeLab.Connections();
        var shell = NodeLab.Shell(connections);
        var file = Path.Combine(lab.Lab.Directory, "revocable_known_hosts");
        File.Copy(lab.Centos.Ssh.KnownHostsFile, file, overwrite: true);
        var node = lab.Centos with { Ssh = lab.Centos.Ssh with { KnownHostsFile = file } };
        await using var run = connections.Enter("long-run");
        await shell.RunAsync(node, ShellCommand.Plain("true"), Ct);

        var lines = await File.ReadAllLinesAsync(file, Ct);
        var entry = lines.Single(l => l.StartsWith(node.Host + " ", StringComparison.Ordinal)).Split(' ');
        await File.WriteAllLinesAsync(file, [.. lines.Where(l => !l.StartsWith(node.Host + " ", StringComparison.Ordinal)), $"@revoked * {entry[1]} {entry[2]}"], Ct);

        var error = await Assert.ThrowsAsync<HostKeyRejectedException>(() => shell.RunAsync(node, ShellCommand.Plain("true"), Ct));
        Assert.Contains("revoked", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EndOfRun_ClosesItsConnectionsAndLeavesOtherRunsAlone()
    {
        await using var connections = NodeLab.Connections();
        var shell = NodeLab.Shell(connections);
        await using var other = connections.Enter("other-run");
        await shell.RunAsync(lab.Xenial, ShellCommand.Plain("true"), Ct);

        var ending = connections.Enter("ending-run");
        await shell.RunAsync(lab.Centos, ShellCommand.Plain("true"), Ct);
        await shell.RunAsync(lab.Trusty, ShellCommand.Plain("true"), Ct);
        Assert.Equal(3, connections.Count);
        await ending.DisposeAsync();

        Assert.Equal(1, connections.Count);
        await using var again = connections.Enter("other-run");
        Assert.Equal("still", (await shell.RunAsync(lab.Xenial, ShellCommand.Plain("echo", "still"), Ct)).Stdout.Trim());
        Assert.Equal(1, connections.Count);
    }

    [Fact]
    public async Task Connect_FirstCallerGivesUp_TheOthersWaitingOnTheSameConnectStillGetIt()
    {
        await using var connections = NodeLab.Connections();
        var shell = NodeLab.Shell(connections);
        await using var run = connections.Enter("shared-connect");
        using var impatient = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var first = shell.RunAsync(lab.Centos, ShellCommand.Plain("true"), impatient.Token);
        var second = shell.RunAsync(lab.Centos, ShellCommand.Plain("echo", "patient"), Ct);
        await impatient.CancelAsync(); // while the shared connect is in flight

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        Assert.Equal("patient", (await second).Stdout.Trim());
    }
}
