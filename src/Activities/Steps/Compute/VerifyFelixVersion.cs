using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Compute;

/// <summary>Runbook step 4.3: <c>calico-felix --version</c> must report 2.6.x, and felix must run.</summary>
[Activity(Category = Runbook.CategoryCompute, DisplayName = "Verify felix is 2.6",
    Description = "Runbook step 4.3: 'calico-felix --version' should return v2.6.x. It prints 'Version:  2.6.5' (no v up to 3.1.4), so the " +
                  "check is ^Version:\\s+v?2\\.6\\.\\d+; anything else faults with what it printed. Then felix must be running.")]
public sealed partial class VerifyFelixVersion(INodeShell shell, ILogger<VerifyFelixVersion> logger) : IActivity
{
    public const string Service = "calico-felix";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        await NodeWork.ForEachAsync("step 4.3: calico-felix --version reports 2.6.x", [context.GetNode()], 1, logger, async (node, transcript, ct) =>
        {
            var version = await shell.RunAsync(node, ShellCommand.Plain("calico-felix", "--version"), ct);
            transcript.Command(version);
            var match = Felix26().Match(version.Stdout);
            if (!version.Succeeded || !match.Success)
                throw new NodeException(node.Name, $"calico-felix --version did not report 2.6.x; it printed: {version.Stdout.Trim()} {version.Stderr.Trim()}".Trim(), retryable: false);
            var services = context.GetPlatform(node).Services;
            var status = await shell.RunAsync(node, services.Status(Service), ct);
            transcript.Command(status);
            return services.IsRunning(status) ? NodeOutcome.Done($"felix {match.Groups["version"].Value} running")
                : throw new NodeException(node.Name, $"felix is at {match.Groups["version"].Value} but not running: {status.Stdout.Trim()}", retryable: false);
        }, cancellationToken);

    [GeneratedRegex(@"^Version:\s+(?<version>v?2\.6\.\d+)\s*$", RegexOptions.Multiline)]
    private static partial Regex Felix26();
}
