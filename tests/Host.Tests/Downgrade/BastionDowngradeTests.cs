using System.Text.RegularExpressions;
using Saga.Host.Tests.Support;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Downgrade;

/// <summary>
/// A cluster whose compute nodes are reachable only through a bastion (the lab refuses any other way in), reached as an
/// operator's ~/.ssh/config describes it: the inventory names hosts by their ssh_config aliases.
/// </summary>
public sealed partial class BastionDowngradeTests
{
    [Fact]
    public async Task Run_ComputeNodesBehindABastion_DowngradesThroughProxyJumpFromAnSshConfigFile()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "b1:centos7:compute:behind-bastion", "b2:xenial:compute:behind-bastion");
        using var workspace = new Workspace();
        var expected = new DowngradedCluster(lab);
        expected.RememberFelixConfigs();
        var inventory = Path.Combine(lab.Directory, "through-ssh-config.yaml");
        await File.WriteAllTextAsync(inventory, WithSshConfig(await File.ReadAllTextAsync(lab.InventoryPath, TestContext.Current.CancellationToken)), TestContext.Current.CancellationToken);

        var run = await workspace.RunAsync("run", "-i", inventory);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("finished.", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("BatchMode is not supported by saga and is ignored", run.Stderr, StringComparison.Ordinal); // reported, never silently ignored
        await expected.AssertEveryNodeDowngradedAsync();
        Assert.Contains("Accepted publickey for root", await File.ReadAllTextAsync(Path.Combine(lab.Directory, "bastion", "sshd.log"), TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    /// <summary>The lab's inventory with ssh.configFile set and the hidden nodes named by their ssh_config alias, without the inventory's own proxyJump.</summary>
    private static string WithSshConfig(string yaml)
    {
        yaml = yaml.Replace("ssh:\n  user: root\n", "ssh:\n  configFile: ssh_config\n  user: root\n", StringComparison.Ordinal);
        yaml = ProxyJumpLines().Replace(yaml, "");
        foreach (var name in new[] { "b1", "b2" })
            yaml = Regex.Replace(yaml, $@"(- name: {name}\n    host: )\S+", $"${{1}}{name}");
        Assert.Contains("configFile: ssh_config", yaml, StringComparison.Ordinal);
        Assert.DoesNotContain("proxyJump", yaml, StringComparison.Ordinal);
        return yaml;
    }

    [GeneratedRegex(@"    ssh:\n      proxyJump: \S+\n")]
    private static partial Regex ProxyJumpLines();
}
