using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Compute;

/// <summary>After the compute packages changed: restart calico-felix explicitly, so the process that runs is the 2.6 binary.</summary>
[Activity(Category = Runbook.CategoryCompute, DisplayName = "Restart felix",
    Description = "After the packages changed, restart calico-felix with the node's service manager (systemctl restart on CentOS 7 and xenial, " +
                  "service calico-felix restart on trusty's upstart), whatever the packages' own scripts did: a process started before the " +
                  "downgrade still runs 3.1. Records the node's time, the previous process and felix's log position for the check that follows. " +
                  "A resumed step whose restarted process still runs does not restart it again.")]
public sealed class RestartFelix(INodeShell shell, ILogger<RestartFelix> logger) : IActivity
{
    public const string Service = "calico-felix";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        RestartRecord? restarted = null;
        var result = await NodeWork.ForEachAsync("after step 4.2: restart calico-felix", [context.GetNode()], 1, logger, async (node, transcript, ct) =>
        {
            var services = context.GetPlatform(node).Services;
            var settle = new ServiceSettle(shell, context.Time);
            if (context.GetVariable<RestartRecord>(DowngradeVariables.FelixRestart) is { } earlier
                && await settle.StillRunsAsync(node, services, Service, earlier, transcript, ct))
                return NodeOutcome.AlreadyDone($"felix was restarted at {earlier.At} (node clock) and still runs as PID {earlier.Pid}");
            var (logPath, _) = FelixLog.From(await shell.ReadFileAsync(node, FelixConfig.Path, ct));
            restarted = await settle.RestartAsync(node, services, Service, logPath, transcript, ct);
            return NodeOutcome.Done($"felix restarted: PID {restarted.PreviousPid?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} -> {restarted.Pid}");
        }, cancellationToken);
        if (restarted is not null)
            context.SetVariable(DowngradeVariables.FelixRestart, restarted);
        return result;
    }
}
