using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Tests.Lab;

namespace Saga.Activities.Tests.OnLab;

/// <summary>A node the lab hides behind its bastion: reached only through ProxyJump, every hop's host key checked.</summary>
public sealed class ProxyJumpLabTests(ProxyJumpLabTests.BastionLab lab) : IClassFixture<ProxyJumpLabTests.BastionLab>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_NodeBehindTheBastion_ReachedThroughItWithSudo()
    {
        await using var shell = NodeLab.Shell();

        var result = await shell.RunAsync(lab.Hidden, ShellCommand.Sudo("cat", "/etc/hostname"), Ct);

        Assert.Equal("hid", result.Stdout.Trim());
        Assert.Single(lab.Hidden.Ssh.ProxyJump);
    }

    [Fact]
    public async Task RunAsync_NodeBehindTheBastionWithoutProxyJump_IsRefusedByTheLab()
    {
        await using var shell = NodeLab.Shell(attempts: 1);
        var direct = lab.Hidden with { Ssh = lab.Hidden.Ssh with { ProxyJump = [] } };

        var error = await Assert.ThrowsAsync<NodeException>(() => shell.RunAsync(direct, ShellCommand.Plain("true"), Ct));

        Assert.Contains("refused", error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task RunAsync_BastionKeyNotInItsKnownHosts_IsRefusedNamingTheJumpHost()
    {
        var file = Path.Combine(lab.Lab.Directory, "no_bastion_known_hosts");
        var bastion = lab.Hidden.Ssh.ProxyJump[0];
        await File.WriteAllLinesAsync(file, (await File.ReadAllLinesAsync(bastion.KnownHostsFile, Ct)).Where(l => !l.StartsWith(bastion.Host + " ", StringComparison.Ordinal)), Ct);
        var node = lab.Hidden with { Ssh = lab.Hidden.Ssh with { ProxyJump = [bastion with { KnownHostsFile = file }] } };
        await using var shell = NodeLab.Shell();

        var error = await Assert.ThrowsAsync<HostKeyRejectedException>(() => shell.RunAsync(node, ShellCommand.Plain("true"), Ct));

        Assert.StartsWith($"hid: jump host root@{bastion.Host}:22: host key unknown: {bastion.Host} presented SHA256:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_HiddenNodesKeyChangedBehindTheBastion_IsRefused()
    {
        var forged = Path.Combine(lab.Lab.Directory, "forged_hidden_known_hosts");
        var lines = await File.ReadAllLinesAsync(lab.Hidden.Ssh.KnownHostsFile, Ct);
        var control = lines.Single(l => l.StartsWith(lab.Lab.Inventory.Node("ctl").Host + " ", StringComparison.Ordinal)).Split(' ');
        await File.WriteAllLinesAsync(forged, [.. lines.Where(l => !l.StartsWith(lab.Hidden.Host + " ", StringComparison.Ordinal)), $"{lab.Hidden.Host} {control[1]} {control[2]}"], Ct);
        var node = lab.Hidden with { Ssh = lab.Hidden.Ssh with { KnownHostsFile = forged, ProxyJump = [lab.Hidden.Ssh.ProxyJump[0] with { KnownHostsFile = lab.Hidden.Ssh.KnownHostsFile }] } };
        await using var shell = NodeLab.Shell();

        var error = await Assert.ThrowsAsync<HostKeyRejectedException>(() => shell.RunAsync(node, ShellCommand.Plain("true"), Ct));

        Assert.StartsWith($"hid: HOST KEY CHANGED: {lab.Hidden.Host} presented", error.Message, StringComparison.Ordinal); // checked under its own name, not the tunnel's
    }

    /// <summary>A control node and a compute node only the bastion reaches.</summary>
    public sealed class BastionLab : IAsyncLifetime
    {
        public Lab Lab { get; private set; } = null!;

        public NodeSpec Hidden => Lab.Inventory.Node("hid");

        public async ValueTask InitializeAsync() => Lab = await Lab.StartAsync("ctl:centos7:control", "hid:xenial:compute:behind-bastion");

        public async ValueTask DisposeAsync() => await Lab.DisposeAsync();
    }
}
