using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Compute;

/// <summary>Runbook step 4.1, second part: put EtcdEndpoints back when the upgrade had pointed felix at a new etcdv3 cluster.</summary>
[Activity(Category = Runbook.CategoryCompute, DisplayName = "Set felix EtcdEndpoints",
    Description = "Runbook step 4.1: 'if you changed the EtcdEndpoints address ... update the EtcdEndpoints addresses in /etc/calico/felix.cfg' " +
                  "(the page's /etcd/calico/felix.cfg is a typo). Only when the inventory sets felix.etcdEndpoints.")]
public sealed class SetFelixEtcdEndpoints(INodeShell shell, ILogger<SetFelixEtcdEndpoints> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        if (context.GetInventory().FelixEtcdEndpoints is not { } endpoints)
            return ActivityResult.Completed("The inventory sets no felix.etcdEndpoints: EtcdEndpoints is left as it is.");
        return await NodeWork.ForEachAsync("step 4.1: set EtcdEndpoints in felix.cfg", [context.GetNode()], 1, logger, async (node, transcript, ct) =>
        {
            var content = await shell.ReadFileAsync(node, FelixConfig.Path, ct)
                          ?? throw new NodeException(node.Name, $"{FelixConfig.Path} does not exist", retryable: false);
            if (FelixConfig.EtcdEndpoints(content) == endpoints)
                return NodeOutcome.AlreadyDone($"EtcdEndpoints = {endpoints}");
            await NodeBackup.SaveAsync(shell, node, context, transcript, [FelixConfig.Path], ct);
            var edited = FelixConfig.WithEtcdEndpoints(content, endpoints);
            await shell.WriteFileAsync(node, FelixConfig.Path, edited, ct);
            transcript.Note($"EtcdEndpoints was {FelixConfig.EtcdEndpoints(content) ?? "unset"}");
            FelixConfigDiff.Note(transcript, content, edited);
            return NodeOutcome.Done($"EtcdEndpoints = {endpoints}");
        }, cancellationToken);
    }
}
