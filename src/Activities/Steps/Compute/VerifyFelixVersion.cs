using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Compute;

/// <summary>Runbook step 4.3: <c>calico-felix --version</c> must report 2.6.x, and the restarted felix must really run.</summary>
[Activity(Category = Runbook.CategoryCompute, DisplayName = "Verify felix is 2.6",
    Description = "Runbook step 4.3: 'calico-felix --version' should return v2.6.x. It prints 'Version:  2.6.5' (no v up to 3.1.4), so the " +
                  "check is ^Version:\\s+v?2\\.6\\.\\d+. Then the running process, not only the binary: felix's main process started after the " +
                  "restart that followed the package change, is still the same process after verify.settle, and felix's log (felix.cfg " +
                  "LogFilePath, default /var/log/calico/felix.log) shows since then 'Successfully loaded configuration.' from it and no FATAL, " +
                  "PANIC, ERROR about the datastore or datastore-not-ready line. Felix 2.6 keeps running while it waits for /calico/v1/Ready, so " +
                  "the unit's state alone says nothing.")]
public sealed class VerifyFelixVersion(INodeShell shell, ILogger<VerifyFelixVersion> logger) : IActivity
{
    public const string Service = RestartFelix.Service;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        await NodeWork.ForEachAsync("step 4.3: calico-felix --version reports 2.6.x, and that felix runs", [context.GetNode()], 1, logger, async (node, transcript, ct) =>
        {
            var version = await FelixVerification.VersionAsync(shell, node, transcript, ct);
            var restart = context.GetVariable<RestartRecord>(DowngradeVariables.FelixRestart)
                          ?? throw new NodeException(node.Name, "felix was not restarted after the package change (the restart-felix step must run before this check)", retryable: false);
            var (_, format) = FelixLog.From(await shell.ReadFileAsync(node, FelixConfig.Path, ct));
            var running = await new ServiceSettle(shell, context.Time).VerifyAsync(
                node, context.GetPlatform(node).Services, Service, restart, format, context.GetInventory().Verify.Settle, transcript, ct);
            return NodeOutcome.Done($"felix {version}: {running}");
        }, cancellationToken);

}
