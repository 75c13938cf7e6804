using Saga.Activities.Nodes;

namespace Saga.Activities.Tests.OnLab;

/// <summary>A batch over SSH to the lab's real OpenSSH servers: one script, each part's output and exit status, sudo per part.</summary>
public sealed class NodeBatchLabTests(NodeLab lab) : IClassFixture<NodeLab>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunBatchAsync_OverSsh_EachPartAsIfItRanAloneWithSudoWhereAsked()
    {
        await using var shell = NodeLab.Shell();
        var batch = new NodeBatch();
        var id = batch.Run(ShellCommand.Sudo("id", "-u"));
        var value = batch.Run(ShellCommand.Plain("printf", "%s", "a 'b' $(hostname) ;c"));
        var failed = batch.Run(ShellCommand.Sudo("cat", "/etc/no-such-file"));
        var felix = batch.Read("/etc/calico/felix.cfg");
        var missing = batch.Read("/etc/calico/no-such.cfg");

        var parts = await ((INodeShell)shell).RunBatchAsync(lab.Trusty, batch, Ct);

        Assert.Equal("0", parts[id].Stdout.Trim());
        Assert.Equal("a 'b' $(hostname) ;c", parts[value].Stdout);
        Assert.NotEqual(0, parts[failed].ExitStatus);
        Assert.Contains("no-such-file", parts[failed].Stderr, StringComparison.Ordinal);
        Assert.Equal(await File.ReadAllBytesAsync(lab.Lab.NodePath("cmp-u", "/etc/calico/felix.cfg"), Ct), parts.File(felix));
        Assert.Null(parts.File(missing));
    }
}
