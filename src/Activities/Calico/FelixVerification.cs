using System.Text.RegularExpressions;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Services;

namespace Saga.Activities.Calico;

/// <summary>
/// Runbook step 4.3 as a check any step can run: <c>calico-felix --version</c> reports 2.6.x and felix runs. The compute
/// flow's verification and the live probe before the etcdv3 delete both use it.
/// </summary>
public static partial class FelixVerification
{
    public const string Service = "calico-felix";

    /// <summary>The running felix's version ("2.6.5"); a node where it is not 2.6.x or does not run throws, saying what it saw.</summary>
    public static async Task<string> VerifyAsync(INodeShell shell, NodeSpec node, IServiceManager services, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var version = await VersionAsync(shell, node, transcript, cancellationToken);
        return Running(node, services, version, await shell.RunAsync(node, services.Status(Service), cancellationToken), transcript);
    }

    /// <summary>The command that prints felix's version.</summary>
    public static ShellCommand VersionCommand { get; } = ShellCommand.Plain("calico-felix", "--version");

    /// <summary>What <c>calico-felix --version</c> reports ("2.6.5"); anything but 2.6.x throws with what it printed.</summary>
    public static async Task<string> VersionAsync(INodeShell shell, NodeSpec node, NodeTranscript transcript, CancellationToken cancellationToken) =>
        Version(node, await shell.RunAsync(node, VersionCommand, cancellationToken), transcript);

    /// <summary><paramref name="version"/> when <paramref name="status"/> (the service manager's status of felix) says it runs; else throws.</summary>
    public static string Running(NodeSpec node, IServiceManager services, string version, CommandResult status, NodeTranscript transcript)
    {
        transcript.Command(status);
        return services.IsRunning(status)
            ? version
            : throw new NodeException(node.Name, $"felix is at {version} but not running: {status.Stdout.Trim()}", retryable: false);
    }

    /// <summary>The version in what <see cref="VersionCommand"/> printed ("2.6.5"); anything but 2.6.x throws with what it printed.</summary>
    public static string Version(NodeSpec node, CommandResult version, NodeTranscript transcript)
    {
        transcript.Command(version);
        var match = Felix26().Match(version.Stdout);
        return version.Succeeded && match.Success
            ? match.Groups["version"].Value
            : throw new NodeException(node.Name, $"calico-felix --version did not report 2.6.x; it printed: {version.Stdout.Trim()} {version.Stderr.Trim()}".Trim(), retryable: false);
    }

    [GeneratedRegex(@"^Version:\s+(?<version>v?2\.6\.\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Felix26();
}
