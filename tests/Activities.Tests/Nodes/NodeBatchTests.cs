using System.Diagnostics;
using System.Text;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Tests.Support;

namespace Saga.Activities.Tests.Nodes;

public sealed class NodeBatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsOneScriptAsync_EachPart_ComesBackWithWhatItPrintedAndItsExitStatus()
    {
        var shell = new LocalShell();
        var batch = new NodeBatch();
        var echo = batch.Run(ShellCommand.Plain("printf", "%s", "it's $(id) `id`; a\nb"));
        var failed = batch.Run(ShellCommand.Script(false, "echo out; echo err >&2; exit 7"));
        var after = batch.Run(ShellCommand.Plain("echo", "still runs"));

        var parts = await batch.RunAsOneScriptAsync(shell, Node(), Ct);

        Assert.Equal(1, shell.RoundTrips);
        Assert.Equal((0, "it's $(id) `id`; a\nb"), (parts[echo].ExitStatus!.Value, parts[echo].Stdout));
        Assert.Equal((7, "out\n", "err\n"), (parts[failed].ExitStatus!.Value, parts[failed].Stdout, parts[failed].Stderr));
        Assert.Equal("still runs\n", parts[after].Stdout);
    }

    [Fact]
    public async Task RunAsOneScriptAsync_FileReads_GiveTheExactBytesOrNullWhenMissing()
    {
        var file = Path.GetTempFileName();
        byte[] content = [0, 1, 0xff, (byte)'\n', (byte)'x', 0xc3];
        await File.WriteAllBytesAsync(file, content, Ct);
        try
        {
            var batch = new NodeBatch();
            var present = batch.Read(file);
            var missing = batch.Read(file + ".missing");

            var parts = await batch.RunAsOneScriptAsync(new LocalShell(), Node(), Ct);

            Assert.Equal(content, parts.File(present));
            Assert.Null(parts.File(missing));
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task RunEachAsync_ShellWithoutBatch_RunsThePartsOneByOne()
    {
        var shell = new FakeNodeShell().On("true").WithFile("/etc/x", "x\n");
        var batch = new NodeBatch();
        var command = batch.Run(ShellCommand.Sudo("true"));
        var read = batch.Read("/etc/x");
        var missing = batch.Read("/etc/y");

        var parts = await ((INodeShell)shell).RunBatchAsync(Node(), batch, Ct);

        Assert.Equal(0, parts[command].ExitStatus);
        Assert.Equal("x\n"u8.ToArray(), parts.File(read));
        Assert.Null(parts.File(missing));
    }

    private static NodeSpec Node() => SomeCluster.Node("n1", NodeRole.Compute) with { Ssh = SomeCluster.Ssh with { Sudo = false } };

    /// <summary>Runs each command with this machine's /bin/sh as an SSH server's shell would: the command line as text.</summary>
    private sealed class LocalShell : INodeShell
    {
        public int RoundTrips { get; private set; }

        public async Task<CommandResult> RunAsync(NodeSpec node, ShellCommand command, CancellationToken cancellationToken)
        {
            RoundTrips++;
            using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", command.Render(node.Ssh.Sudo) + " < /dev/null"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                StandardOutputEncoding = Encoding.UTF8,
            })!;
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            return new CommandResult(node.Name, command.ToString(), process.ExitCode, await stdout, await stderr, TimeSpan.Zero);
        }

        public Task<byte[]?> ReadFileAsync(NodeSpec node, string path, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task WriteFileAsync(NodeSpec node, string path, byte[] content, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
