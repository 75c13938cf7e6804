using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Control;

/// <summary>Runbook step 3.2: on all control nodes, restart neutron-server, and check that it runs.</summary>
[Activity(Category = Runbook.CategoryControl, DisplayName = "Restart neutron-server",
    Description = "Runbook step 3.2, control nodes: 'systemctl restart neutron-server' (CentOS, xenial) or 'service neutron-server restart' " +
                  "(trusty's upstart), then check that it runs.")]
public sealed class RestartNeutronServer(INodeShell shell, ILogger<RestartNeutronServer> logger) : IActivity
{
    public const string Service = "neutron-server";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        return await NodeWork.ForEachAsync("step 3.2: restart neutron-server", inventory.ControlNodes.ToList(), inventory.FanOut.Parallel, logger, async (node, transcript, ct) =>
        {
            await shell.RestartAndCheckAsync(node, context.GetPlatform(node).Services, Service, transcript, ct);
            return NodeOutcome.Done("neutron-server restarted and running");
        }, cancellationToken);
    }
}
