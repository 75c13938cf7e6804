using System.Diagnostics;
using System.Text;
using Saga.Activities.Nodes;

namespace Saga.Activities.Tests.OnLab;

/// <summary>Host keys and key files as OpenSSH treats them, and what a file write leaves behind: each test is an attack that must fail.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // the lab is Linux's sshd; modes are Unix modes
public sealed class SshTrustLabTests(NodeLab lab) : IClassFixture<NodeLab>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("@revoke")] // a typo of @revoked
    [InlineData("@trusted")]
    [InlineData("@cert-authority")]
    public async Task RunAsync_KnownHostsLineWithAMarkerOpenSshDoesNotTrust_IsNotTrusted(string marker)
    {
        var key = (await File.ReadAllLinesAsync(lab.Centos.Ssh.KnownHostsFile, Ct)).Single(l => l.StartsWith(lab.Centos.Host + " ", StringComparison.Ordinal)).Split(' ');
        var file = Path.Combine(lab.Lab.Directory, $"marker_{marker.TrimStart('@')}_known_hosts");
        await File.WriteAllTextAsync(file, $"{marker} {lab.Centos.Host} {key[1]} {key[2]}\n", Ct);
        await using var shell = NodeLab.Shell();

        var error = await Assert.ThrowsAsync<HostKeyRejectedException>(() => shell.RunAsync(lab.Centos with { Ssh = lab.Centos.Ssh with { KnownHostsFile = file } }, ShellCommand.Plain("true"), Ct));

        Assert.Contains("host key unknown", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead, "0644")]
    [InlineData(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, "0640")]
    public async Task RunAsync_PrivateKeyOpenToGroupOrOthers_IsRefusedAsOpenSshRefusesIt(UnixFileMode mode, string shown)
    {
        var key = Path.Combine(lab.Lab.Directory, $"key_{shown}");
        File.Copy(lab.Centos.Ssh.PrivateKeyFile, key, overwrite: true);
        File.SetUnixFileMode(key, mode);
        await using var shell = NodeLab.Shell();

        var error = await Assert.ThrowsAsync<NodeException>(() => shell.RunAsync(lab.Centos with { Ssh = lab.Centos.Ssh with { PrivateKeyFile = key } }, ShellCommand.Plain("true"), Ct));

        Assert.Contains($"the private key {key} is open to group or others (mode {shown})", error.Message, StringComparison.Ordinal);
        Assert.Contains($"chmod 600 {key}", error.Message, StringComparison.Ordinal);
        Assert.False(error.Retryable);
    }

    [Fact]
    public async Task RunAsync_EncryptedKey_WorksWithThePassphraseAndSaysWhatIsMissingWithout()
    {
        var key = Path.Combine(lab.Lab.Directory, "client", "id_encrypted");
        await ExecAsync("ssh-keygen", "-q", "-t", "ed25519", "-N", "correct horse", "-C", "encrypted", "-f", key);
        await File.AppendAllTextAsync(Path.Combine(lab.Lab.Directory, "client", "authorized_keys"), await File.ReadAllTextAsync(key + ".pub", Ct), Ct);
        var node = lab.Centos with { Ssh = lab.Centos.Ssh with { PrivateKeyFile = key } };

        await using (var withPassphrase = NodeLab.Shell(passphrase: "correct horse"))
            Assert.Equal("0", (await withPassphrase.RunAsync(node, ShellCommand.Sudo("id", "-u"), Ct)).Stdout.Trim());
        await using var without = NodeLab.Shell();
        var error = await Assert.ThrowsAsync<NodeException>(() => without.RunAsync(node, ShellCommand.Plain("true"), Ct));

        Assert.Contains($"the private key {key} is encrypted: give its passphrase in SAGA_SSH_KEY_PASSPHRASE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WriteFileAsync_ReplacesTheFileAndLeavesNothingBesideIt()
    {
        await using var shell = NodeLab.Shell();

        await shell.WriteFileAsync(lab.Xenial, "/etc/saga-upload-test", Encoding.UTF8.GetBytes("written\n"), Ct);

        Assert.Equal("written\n", lab.Lab.ReadNodeFile("cmp-x", "/etc/saga-upload-test"));
        Assert.False(File.Exists(lab.Lab.NodePath("cmp-x", "/etc/saga-upload-test.saga-new")));
        Assert.Empty(Directory.GetDirectories(lab.Lab.NodePath("cmp-x", "/tmp"), "saga.*"));
    }

    [Fact]
    public async Task WriteFileAsync_ContentCutShort_LeavesTheFileAsItWas()
    {
        await using var shell = NodeLab.Shell();
        await shell.RunAsync(lab.Trusty, ShellCommand.Script(true, "printf 'old\n' > /etc/saga-cut-test && chmod 0600 /etc/saga-cut-test"), Ct);
        var whole = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes("the whole new content\n")));

        // What the node sees when the channel closes after part of the content: the sha256 of the whole does not match.
        var cut = await shell.RunAsync(lab.Trusty, ShellCommand.Script(true, Saga.Activities.Nodes.Ssh.SshNodeShell.WriteScript, "/etc/saga-cut-test", whole).WithInput("the whole"), Ct);

        Assert.Equal(4, cut.ExitStatus);
        Assert.Contains("arrived incomplete or damaged", cut.Stderr, StringComparison.Ordinal);
        Assert.Equal("old\n", lab.Lab.ReadNodeFile("cmp-u", "/etc/saga-cut-test"));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(lab.Lab.NodePath("cmp-u", "/etc/saga-cut-test")));
        Assert.False(File.Exists(lab.Lab.NodePath("cmp-u", "/etc/saga-cut-test.saga-new")));
    }

    [Fact]
    public async Task WriteFileAsync_SudoHangsAndTimesOut_TheFileIsNotWritten()
    {
        var node = lab.Inventory.Node("spare");
        node = node with { Ssh = node.Ssh with { CommandTimeout = TimeSpan.FromSeconds(3) } };
        await using var shell = NodeLab.Shell();
        await lab.Lab.FaultAsync("spare", "hang", "sudo");
        try
        {
            var error = await Assert.ThrowsAsync<NodeException>(() => shell.WriteFileAsync(node, "/etc/saga-upload-test", Encoding.UTF8.GetBytes("secret content\n"), Ct));

            Assert.Contains("did not finish within", error.Message, StringComparison.Ordinal);
            Assert.False(File.Exists(lab.Lab.NodePath("spare", "/etc/saga-upload-test")));
            Assert.False(File.Exists(lab.Lab.NodePath("spare", "/etc/saga-upload-test.saga-new")));
        }
        finally
        {
            await lab.Lab.FaultAsync("spare", "clear");
        }
    }

    [Fact]
    public async Task WriteFileAsync_ReplaceFails_NothingIsLeft()
    {
        await using var shell = NodeLab.Shell();

        await Assert.ThrowsAsync<CommandFailedException>(() => shell.WriteFileAsync(lab.Trusty, "/no/such/folder/file", [1, 2, 3], Ct));

        Assert.False(Directory.Exists(lab.Lab.NodePath("cmp-u", "/no/such/folder")));
        Assert.Empty(Directory.GetDirectories(lab.Lab.NodePath("cmp-u", "/tmp"), "saga.*"));
    }

    private static async Task ExecAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardError = true, UseShellExecute = false })!;
        var error = await process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        Assert.True(process.ExitCode == 0, $"{program} failed: {error}");
    }
}
