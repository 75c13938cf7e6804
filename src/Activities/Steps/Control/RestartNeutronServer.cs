using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Control;

/// <summary>Runbook step 3.2: on all control nodes, restart neutron-server, check that it runs and that networking-calico reaches etcd.</summary>
[Activity(Category = Runbook.CategoryControl, DisplayName = "Restart neutron-server",
    Description = "Runbook step 3.2, control nodes: 'systemctl restart neutron-server' (CentOS, xenial) or 'service neutron-server restart' " +
                  "(trusty's upstart), then check that it runs and that its log shows no Calico driver etcd error for the settle period " +
                  "(verify.settle). In the cluster's flow: the control nodes; in a compute node's flow: that node when it is a control node too.")]
public sealed class RestartNeutronServer(INodeShell shell, ILogger<RestartNeutronServer> logger) : IActivity
{
    public const string Service = "neutron-server";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        var nodes = context.ControlNodesHere();
        if (nodes.Count == 0)
            return ActivityResult.Completed("No control node here: neutron-server is not restarted.");
        return await NodeWork.ForEachAsync("step 3.2: restart neutron-server", nodes, inventory.FanOut.Parallel, logger, async (node, transcript, ct) =>
        {
            var platform = context.GetPlatform(node);
            var log = CalicoDriverLog.For(Service, platform);
            var offset = await CalicoDriverLog.OffsetAsync(shell, node, log, ct);
            await shell.RestartAndCheckAsync(node, platform.Services, Service, transcript, ct);
            await CalicoDriverLog.CheckAsync(shell, node, Service, log, offset, inventory.Verify.Settle, context.Time, transcript, ct);
            var status = await shell.RunAsync(node, platform.Services.Status(Service), ct);
            transcript.Command(status);
            return platform.Services.IsRunning(status)
                ? NodeOutcome.Done($"neutron-server restarted, running after {inventory.Verify.Settle.TotalSeconds:0.#} s, no Calico etcd errors")
                : throw new NodeException(node.Name, $"neutron-server stopped within {inventory.Verify.Settle.TotalSeconds:0.#} s of its restart: {status.Stdout.Trim()}", retryable: false);
        }, cancellationToken);
    }
}
