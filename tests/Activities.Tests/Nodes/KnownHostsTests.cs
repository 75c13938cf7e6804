using System.Security.Cryptography;
using System.Text;
using Saga.Activities.Nodes.Ssh;
using Saga.Activities.Tests.Support;

namespace Saga.Activities.Tests.Nodes;

public sealed class KnownHostsTests
{
    private static readonly byte[] KeyA = Blob("ssh-ed25519", 1);
    private static readonly byte[] KeyB = Blob("ssh-ed25519", 2);

    [Fact]
    public void Check_PlainEntry_TrustsTheListedKeyOnPort22()
    {
        var hosts = KnownHosts.Parse([$"10.0.0.11 ssh-ed25519 {B64(KeyA)} root@ctl-1"]);

        Assert.Equal(HostKeyVerdict.Trusted, hosts.Check("10.0.0.11", 22, KeyA).Verdict);
        Assert.Equal(HostKeyVerdict.Unknown, hosts.Check("10.0.0.11", 2222, KeyA).Verdict);
    }

    [Fact]
    public void Check_BracketedPortEntry_MatchesOnlyThatPort()
    {
        var hosts = KnownHosts.Parse([$"[ctl-1.example]:2222,[10.0.0.11]:2222 ssh-ed25519 {B64(KeyA)}"]);

        Assert.True(hosts.Check("10.0.0.11", 2222, KeyA).IsTrusted);
        Assert.Equal(HostKeyVerdict.Unknown, hosts.Check("10.0.0.11", 22, KeyA).Verdict);
    }

    [Fact]
    public void Check_HashedEntry_MatchesTheHashedName()
    {
        var salt = RandomNumberGenerator.GetBytes(20);
#pragma warning disable CA5350 // the known_hosts format
        var hash = HMACSHA1.HashData(salt, Encoding.UTF8.GetBytes("[10.0.0.12]:2222"));
#pragma warning restore CA5350
        var hosts = KnownHosts.Parse([$"|1|{Convert.ToBase64String(salt)}|{Convert.ToBase64String(hash)} ssh-ed25519 {B64(KeyA)}"]);

        Assert.True(hosts.Check("10.0.0.12", 2222, KeyA).IsTrusted);
        Assert.Equal(HostKeyVerdict.Unknown, hosts.Check("10.0.0.13", 2222, KeyA).Verdict);
    }

    [Fact]
    public void Check_DifferentKey_IsChangedAndNamesBothFingerprints()
    {
        var hosts = KnownHosts.Parse([$"cmp-1 ssh-ed25519 {B64(KeyA)}"]);

        var check = hosts.Check("cmp-1", 22, KeyB);

        Assert.Equal(HostKeyVerdict.Changed, check.Verdict);
        Assert.Equal(KnownHosts.Fingerprint(KeyB), check.PresentedFingerprint);
        Assert.Equal([$"ssh-ed25519 {KnownHosts.Fingerprint(KeyA)}"], check.KnownFingerprints);
        var text = check.Explain("/etc/saga/known_hosts");
        Assert.Contains(KnownHosts.Fingerprint(KeyA), text, StringComparison.Ordinal);
        Assert.Contains(KnownHosts.Fingerprint(KeyB), text, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_RevokedKey_IsRefusedEvenIfAlsoListed()
    {
        var hosts = KnownHosts.Parse([$"cmp-1 ssh-ed25519 {B64(KeyA)}", $"@revoked cmp-1 ssh-ed25519 {B64(KeyA)}"]);

        Assert.Equal(HostKeyVerdict.Revoked, hosts.Check("cmp-1", 22, KeyA).Verdict);
    }

    [Theory]
    [InlineData("@revoke")]
    [InlineData("@trusted")]
    [InlineData("@cert-authority")]
    public void Check_LineWithAMarkerOpenSshDoesNotKnow_IsSkippedNotTrusted(string marker)
    {
        var hosts = KnownHosts.Parse([$"{marker} cmp-1 ssh-ed25519 {B64(KeyA)}"]);

        Assert.Equal(HostKeyVerdict.Unknown, hosts.Check("cmp-1", 22, KeyA).Verdict);
        Assert.Empty(hosts.KeyTypesFor("cmp-1", 22));
    }

    [Fact]
    public void KnownHostsFiles_FileChanged_IsReadAgain()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.Path, "known_hosts");
        File.WriteAllText(path, $"cmp-1 ssh-ed25519 {B64(KeyA)}\n");
        var files = new KnownHostsFiles();
        Assert.True(files.Get(path).Check("cmp-1", 22, KeyA).IsTrusted);

        File.WriteAllText(path, $"@revoked cmp-1 ssh-ed25519 {B64(KeyA)}\n");

        Assert.Equal(HostKeyVerdict.Revoked, files.Get(path).Check("cmp-1", 22, KeyA).Verdict);
        Assert.Same(files.Get(path), files.Get(path)); // unchanged: not read again
    }

    [Fact]
    public void Check_WildcardsAndNegation_FollowOpenSsh()
    {
        var hosts = KnownHosts.Parse([$"cmp-*,!cmp-9 ssh-ed25519 {B64(KeyA)}"]);

        Assert.True(hosts.Check("cmp-3", 22, KeyA).IsTrusted);
        Assert.Equal(HostKeyVerdict.Unknown, hosts.Check("cmp-9", 22, KeyA).Verdict);
    }

    [Fact]
    public void Parse_CommentsBlankAndMalformedLines_AreSkipped()
    {
        var hosts = KnownHosts.Parse(["# comment", "", "cmp-1 ssh-ed25519 not-base64!", $"cmp-1 ssh-ed25519 {B64(KeyA)}"]);

        Assert.True(hosts.Check("cmp-1", 22, KeyA).IsTrusted);
        Assert.Equal(["ssh-ed25519"], hosts.KeyTypesFor("cmp-1", 22));
    }

    [Fact]
    public void Fingerprint_IsOpenSshsSha256Form()
    {
        // ssh-keygen -lf prints SHA256:<unpadded base64 of the SHA-256 of the key blob>
        Assert.Equal("SHA256:" + Convert.ToBase64String(SHA256.HashData(KeyA)).TrimEnd('='), KnownHosts.Fingerprint(KeyA));
    }

    private static string B64(byte[] key) => Convert.ToBase64String(key);

    private static byte[] Blob(string type, byte fill)
    {
        var name = Encoding.ASCII.GetBytes(type);
        return [0, 0, 0, (byte)name.Length, .. name, 0, 0, 0, 32, .. Enumerable.Repeat(fill, 32)];
    }
}
