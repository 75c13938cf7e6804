using Saga.Activities.Inventory;
using Saga.Activities.Tests.Support;

namespace Saga.Activities.Tests.Inventory;

/// <summary>ssh.configFile and ssh.proxyJump: an OpenSSH client configuration read as ssh reads it, the inventory winning.</summary>
public sealed class SshConfigInventoryTests
{
    private const string Inventory = """
        calicoctl:
          source: https://example.org/calicoctl
          sha256: 0000000000000000000000000000000000000000000000000000000000000000
        etcd:
          v2:
            endpoints: [http://10.0.0.5:2379]
          v3:
            endpoints: [http://10.0.0.6:2379]
        ssh:
          configFile: ssh_config
        nodes:
          - name: ctl-1
            host: ctl-1
            role: control
          - name: cmp-1
            host: cmp-1.dc2
            role: compute
            ssh:
              user: ops
        """;

    private const string Config = """
        # an operator's ~/.ssh/config
        Host bastion
            HostName 192.0.2.10
            User jump
            Port 2200
            IdentityFile ~/.ssh/jump_key
            UserKnownHostsFile /etc/saga/bastion_known_hosts

        Host ctl-1
            HostName 10.0.0.11
            User admin

        Host *.dc2 !cmp-9.dc2
            HostName 10.0.2.21
            User nobody
            ProxyJump bastion,admin@198.51.100.7:2022
            IdentityFile /keys/%r@%h

        Host *
            User root
            Port 22
            IdentityFile /keys/default
        """;

    [Fact]
    public void Parse_ConfigFile_FirstValueWinsAndTheInventoryWinsOverTheFile()
    {
        var inventory = Parse(Inventory, Config);

        var ctl = inventory.Node("ctl-1");
        Assert.Equal(("10.0.0.11", "admin", 22, "/keys/default"), (ctl.Host, ctl.Ssh.User, ctl.Ssh.Port, ctl.Ssh.PrivateKeyFile));
        Assert.Empty(ctl.Ssh.ProxyJump);
        var cmp = inventory.Node("cmp-1");
        Assert.Equal(("10.0.2.21", "ops", "/keys/ops@10.0.2.21"), (cmp.Host, cmp.Ssh.User, cmp.Ssh.PrivateKeyFile)); // the inventory's user, in %r too
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        Assert.Equal(
            [
                new SshHop("192.0.2.10", 2200, "jump", Path.Combine(home, ".ssh", "jump_key"), "/etc/saga/bastion_known_hosts"),
                new SshHop("198.51.100.7", 2022, "admin", "/keys/default", Path.Combine(home, ".ssh", "known_hosts")),
            ],
            cmp.Ssh.ProxyJump);
    }

    [Fact]
    public void Parse_NegatedPattern_ExcludesTheHost()
    {
        var inventory = Parse(Inventory.Replace("host: cmp-1.dc2", "host: cmp-9.dc2", StringComparison.Ordinal), Config);

        var cmp = inventory.Node("cmp-1");
        Assert.Equal(("cmp-9.dc2", "/keys/default"), (cmp.Host, cmp.Ssh.PrivateKeyFile)); // only Host * applies
        Assert.Empty(cmp.Ssh.ProxyJump);
    }

    [Theory]
    [InlineData("Include ~/.ssh/config.d/*", "Include is not supported")]
    [InlineData("Match host ctl-1", "Match is not supported")]
    [InlineData("ProxyCommand ssh -W %h:%p bastion", "ProxyCommand is not supported; use ProxyJump")]
    [InlineData("IdentityFile /keys/%C", "uses a token saga does not expand")]
    [InlineData("UserKnownHostsFile none", "saga needs a known_hosts file")]
    [InlineData("ProxyJump ssh://bastion", "is not [user@]host[:port]")]
    public void Parse_ConfigLineSagaCannotHonour_IsRefusedNamingFileAndLine(string line, string expected)
    {
        var error = Assert.Throws<InventoryException>(() => Parse(Inventory, "Host ctl-1\n    " + line + "\n"));

        Assert.Contains(error.Problems, p => p.Contains("ssh_config:2", StringComparison.Ordinal) && p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_StrictHostKeyCheckingNoAndOtherKeywords_AreReportedAsWarnings()
    {
        var inventory = Parse(Inventory, "Host *\n    StrictHostKeyChecking no\n    ServerAliveInterval 30\n");

        Assert.Contains(inventory.Warnings, w => w.Contains("ssh_config:2: StrictHostKeyChecking no is refused", StringComparison.Ordinal) && w.Contains("saga always checks host keys", StringComparison.Ordinal));
        Assert.Contains(inventory.Warnings, w => w.Contains("ssh_config:3: ServerAliveInterval is not supported by saga and is ignored", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_IncludeInABlockForOtherHosts_DoesNotApply()
    {
        var inventory = Parse(Inventory, "Host elsewhere\n    Include other.conf\n    ProxyCommand nc %h %p\n");

        Assert.Equal("ctl-1", inventory.Node("ctl-1").Host);
        Assert.Empty(inventory.Warnings);
    }

    [Fact]
    public void Parse_ProxyJumpInTheInventory_WinsOverTheFileAndNoneTurnsItOff()
    {
        var text = Inventory.Replace("  configFile: ssh_config\n", "  configFile: ssh_config\n  proxyJump: ops@192.0.2.99\n", StringComparison.Ordinal)
            + "\n      proxyJump: none\n"; // cmp-1 is the last node

        var inventory = Parse(text, Config);

        Assert.Equal([new SshHop("192.0.2.99", 22, "ops", "/keys/default", Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "known_hosts"))],
            inventory.Node("ctl-1").Ssh.ProxyJump);
        Assert.Empty(inventory.Node("cmp-1").Ssh.ProxyJump);
    }

    [Fact]
    public void Parse_ProxyJumpWithoutConfigFile_UsesTheNodesKeyAndKnownHosts()
    {
        var text = Inventory.Replace("  configFile: ssh_config\n", "  privateKeyFile: /keys/id\n  knownHostsFile: /keys/known_hosts\n  proxyJump: bastion.example:2222\n", StringComparison.Ordinal);

        var inventory = Parse(text, null);

        Assert.Equal([new SshHop("bastion.example", 2222, "root", "/keys/id", "/keys/known_hosts")], inventory.Node("ctl-1").Ssh.ProxyJump);
    }

    [Theory]
    [InlineData("proxyJump: 'bastion;rm -rf /'")]
    [InlineData("proxyJump: root@bastion:99999")]
    [InlineData("proxyJump: 'Bad User@bastion'")]
    public void Parse_BadProxyJump_IsRefused(string line)
    {
        var text = Inventory.Replace("  configFile: ssh_config\n", "  " + line + "\n", StringComparison.Ordinal);

        var error = Assert.Throws<InventoryException>(() => Parse(text, null));

        Assert.Contains(error.Problems, p => p.Contains("proxyJump", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_ConfigFileMissing_IsRefused()
    {
        var error = Assert.Throws<InventoryException>(() => Parse(Inventory, null, writeConfig: false));

        Assert.Contains(error.Problems, p => p.Contains("configFile", StringComparison.Ordinal) && p.Contains("does not exist", StringComparison.Ordinal));
    }

    private static ClusterInventory Parse(string inventory, string? config, bool writeConfig = true)
    {
        using var folder = new TempFolder();
        if (writeConfig && config is not null)
            File.WriteAllText(Path.Combine(folder.Path, "ssh_config"), config);
        return InventoryLoader.Parse(new StringReader(inventory), Path.Combine(folder.Path, "cluster.yaml"));
    }
}
