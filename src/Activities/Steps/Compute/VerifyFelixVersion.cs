using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Compute;

/// <summary>Runbook step 4.3: <c>calico-felix --version</c> must report 2.6.x, and felix must run.</summary>
[Activity(Category = Runbook.CategoryCompute, DisplayName = "Verify felix is 2.6",
    Description = "Runbook step 4.3: 'calico-felix --version' should return v2.6.x. It prints 'Version:  2.6.5' (no v up to 3.1.4), so the " +
                  "check is ^Version:\\s+v?2\\.6\\.\\d+; anything else faults with what it printed. Then felix must be running.")]
public sealed class VerifyFelixVersion(INodeShell shell, ILogger<VerifyFelixVersion> logger) : IActivity
{
    public const string Service = FelixVerification.Service;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        await NodeWork.ForEachAsync("step 4.3: calico-felix --version reports 2.6.x", [context.GetNode()], 1, logger, async (node, transcript, ct) =>
            $"felix {await FelixVerification.VerifyAsync(shell, node, context.GetPlatform(node).Services, transcript, ct)} running", cancellationToken);
}
