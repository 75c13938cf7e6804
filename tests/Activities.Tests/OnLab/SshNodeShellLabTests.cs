using System.Diagnostics;
using System.Text;
using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;

namespace Saga.Activities.Tests.OnLab;

/// <summary>SSH to real OpenSSH servers of the lab: host keys, sudo, timeouts, quoting, files.</summary>
public sealed class SshNodeShellLabTests(NodeLab lab) : IClassFixture<NodeLab>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_PinnedHostKey_ConnectsAndReusesOneConnection()
    {
        await using var shell = NodeLab.Shell();

        var first = await shell.RunAsync(lab.Centos, ShellCommand.Plain("cat", "/etc/os-release"), Ct);
        var second = await shell.RunAsync(lab.Centos, ShellCommand.Sudo("id", "-u"), Ct);

        Assert.Contains("CentOS Linux", first.Stdout, StringComparison.Ordinal);
        Assert.Equal("0", second.Stdout.Trim());
    }

    [Fact]
    public async Task RunAsync_HostMissingFromKnownHosts_IsRefusedShowingThePresentedFingerprint()
    {
        var empty = Path.Combine(lab.Lab.Directory, "empty_known_hosts");
        await File.WriteAllTextAsync(empty, "", Ct);
        var node = lab.Centos with { Ssh = lab.Centos.Ssh with { KnownHostsFile = empty } };
        await using var shell = NodeLab.Shell();

        var error = await Assert.ThrowsAsync<HostKeyRejectedException>(() => shell.RunAsync(node, ShellCommand.Plain("true"), Ct));

        Assert.StartsWith("ctl: host key unknown:", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("SHA256:", error.PresentedFingerprint, StringComparison.Ordinal);
        Assert.Contains(error.PresentedFingerprint, error.Message, StringComparison.Ordinal);
        Assert.False(error.Retryable);
    }

    [Fact]
    public async Task RunAsync_ChangedHostKey_IsRefusedShowingExpectedAndPresentedFingerprints()
    {
        var lines = await File.ReadAllLinesAsync(lab.Centos.Ssh.KnownHostsFile, Ct);
        var other = lines.First(l => l.StartsWith(lab.Trusty.Host + " ", StringComparison.Ordinal)).Split(' ');
        var forged = Path.Combine(lab.Lab.Directory, "forged_known_hosts");
        await File.WriteAllTextAsync(forged, $"{lab.Centos.Host} {other[1]} {other[2]}\n", Ct); // the trusty node's key for the CentOS address
        var node = lab.Centos with { Ssh = lab.Centos.Ssh with { KnownHostsFile = forged } };
        await using var shell = NodeLab.Shell();

        var error = await Assert.ThrowsAsync<HostKeyRejectedException>(() => shell.RunAsync(node, ShellCommand.Plain("true"), Ct));

        Assert.Contains("HOST KEY CHANGED", error.Message, StringComparison.Ordinal);
        Assert.Contains(error.PresentedFingerprint, error.Message, StringComparison.Ordinal);
        Assert.Contains(Assert.Single(error.KnownFingerprints).Split(' ')[1], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CommandWithInput_GetsItOnStandardInputThroughSudoAndTheCommandLineNeverHoldsIt()
    {
        await using var shell = NodeLab.Shell();
        var command = ShellCommand.Script(true, "IFS= read -r secret; printf '%s|' \"$secret\"; cat", "one value").WithInput("s3cret value\nand more\n");

        var result = await shell.RunAsync(lab.Centos, command, Ct);

        Assert.Equal("s3cret value|and more\n", result.Stdout);
        Assert.DoesNotContain("s3cret", command.Render(lab.Centos.Ssh.Sudo), StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", result.Command, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_NothingListening_FailsClearlyWithinTheConnectTimeout()
    {
        var node = new NodeSpec("ghost", $"{lab.Lab.Subnet}.250", NodeRole.Compute, lab.Centos.Ssh with { ConnectTimeout = TimeSpan.FromSeconds(2) });
        await using var shell = NodeLab.Shell(attempts: 2);
        var clock = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<NodeException>(() => shell.RunAsync(node, ShellCommand.Plain("true"), Ct));

        Assert.StartsWith($"ghost: unreachable at {node.Host}:22 after 2 attempts", error.Message, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task RunAsync_SudoWantsAPassword_FailsClearlyInsteadOfWaiting()
    {
        var node = lab.Inventory.Node("spare");
        await lab.Lab.FaultAsync("spare", "sudo-password");
        await using var shell = NodeLab.Shell();
        try
        {
            var error = await Assert.ThrowsAsync<NodeException>(() => shell.RunAsync(node, ShellCommand.Sudo("yum", "clean", "all"), Ct));

            Assert.Contains("sudo -n refused to run 'yum clean all' for root", error.Message, StringComparison.Ordinal);
            Assert.Contains("a password is required", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await lab.Lab.FaultAsync("spare", "clear");
        }
    }

    [Fact]
    public async Task RunAsync_CommandHangs_TimesOutAndTheConnectionStaysUsable()
    {
        var node = lab.Xenial with { Ssh = lab.Xenial.Ssh with { CommandTimeout = TimeSpan.FromSeconds(1) } };
        await using var shell = NodeLab.Shell();
        await shell.RunAsync(node, ShellCommand.Plain("true"), Ct);

        var error = await Assert.ThrowsAsync<NodeException>(() => shell.RunAsync(node, ShellCommand.Plain("sleep", "30"), Ct));
        var after = await shell.RunAsync(node, ShellCommand.Plain("echo", "still here"), Ct);

        Assert.Contains("did not finish within 00:00:01", error.Message, StringComparison.Ordinal);
        Assert.Equal("still here", after.Stdout.Trim());
    }

    [Theory]
    [InlineData("two words")]
    [InlineData("it's \"quoted\"")]
    [InlineData("x; touch /tmp/pwned")]
    [InlineData("$(touch /tmp/pwned)")]
    [InlineData("`touch /tmp/pwned`")]
    [InlineData("line one\nline two")]
    public async Task RunAsync_HostileArgument_ArrivesIntactAndIsNeverExecuted(string value)
    {
        await using var shell = NodeLab.Shell();

        var echoed = await shell.RunAsync(lab.Trusty, ShellCommand.Sudo("printf", "%s", value), Ct);
        var pwned = await shell.RunAsync(lab.Trusty, ShellCommand.Plain("test", "-e", "/tmp/pwned"), Ct);

        Assert.Equal(value, echoed.Stdout);
        Assert.NotEqual(0, pwned.ExitStatus);
    }

    [Fact]
    public async Task WriteThenRead_File_KeepsEveryByteAndTheOwnerAndMode()
    {
        await using var shell = NodeLab.Shell();
        var bytes = Encoding.UTF8.GetBytes("[global]\r\nDatastoreType = etcdv3\r\n# ünïcode\n\ttab").Append((byte)0xff).ToArray();
        await shell.RunAsync(lab.Xenial, ShellCommand.Script(true, "printf 'x' > /etc/saga-test && chmod 0640 /etc/saga-test"), Ct);

        await shell.WriteFileAsync(lab.Xenial, "/etc/saga-test", bytes, Ct);

        Assert.Equal(bytes, await shell.ReadFileAsync(lab.Xenial, "/etc/saga-test", Ct));
        Assert.Equal("640", (await shell.RunAsync(lab.Xenial, ShellCommand.Plain("stat", "-c", "%a", "/etc/saga-test"), Ct)).Stdout.Trim());
        Assert.Null(await shell.ReadFileAsync(lab.Xenial, "/etc/no-such-file", Ct));
    }

    [Fact]
    public async Task Facts_CentOSAndUbuntuNodes_AreReadAsAnUpgraded31NodeIs()
    {
        await using var shell = NodeLab.Shell();
        var reader = new NodeFactsReader(shell);

        var centos = await reader.ReadAsync(lab.Centos, Ct);
        var trusty = await reader.ReadAsync(lab.Trusty, Ct);

        Assert.Equal("centos 7", centos.Platform.Key);
        Assert.Equal(new Dictionary<string, string> { ["calico-common"] = "3.1.3-1.el7", ["calico-control"] = "1:3.1.3-1.el7", ["networking-calico"] = "1:3.1.3-1.el7" }, centos.Installed);
        Assert.Equal("ubuntu 14.04 (trusty)", trusty.Platform.Key);
        Assert.Equal("3.1.3~trusty", trusty.Installed["calico-felix"]);
        Assert.Equal("1:3.1.3~trusty", trusty.Installed["networking-calico"]);
        Assert.True(Saga.Activities.Calico.FelixConfig.HasEtcdv3Datastore(trusty.FelixConfig!));
        Assert.Contains(trusty.Calicoctl, c => c.Path == "/usr/local/bin/calicoctl" && c.Version == "v3.1.3");
    }
}
