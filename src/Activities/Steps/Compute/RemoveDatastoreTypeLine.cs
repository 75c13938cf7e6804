using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Compute;

/// <summary>Runbook step 4.1: remove <c>DatastoreType = etcdv3</c> from /etc/calico/felix.cfg, keeping every other byte.</summary>
[Activity(Category = Runbook.CategoryCompute, DisplayName = "Remove DatastoreType = etcdv3",
    Description = "Runbook step 4.1, compute nodes: remove 'DatastoreType = etcdv3' from /etc/calico/felix.cfg. Felix 2.6 never reaches its " +
                  "datastore with it. Every occurrence goes (any section, any case, any spacing); every other byte of the file is kept.")]
public sealed class RemoveDatastoreTypeLine(INodeShell shell, ILogger<RemoveDatastoreTypeLine> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken) =>
        await NodeWork.ForEachAsync("step 4.1: remove DatastoreType = etcdv3 from felix.cfg", [context.GetNode()], 1, logger, async (node, transcript, ct) =>
        {
            var content = await shell.ReadFileAsync(node, FelixConfig.Path, ct)
                          ?? throw new NodeException(node.Name, $"{FelixConfig.Path} does not exist", retryable: false);
            if (!FelixConfig.HasEtcdv3Datastore(content))
                return NodeOutcome.AlreadyDone("no DatastoreType = etcdv3 line");
            await NodeBackup.SaveAsync(shell, node, context, transcript, [FelixConfig.Path], ct);
            var edited = FelixConfig.WithoutEtcdv3Datastore(content);
            await shell.WriteFileAsync(node, FelixConfig.Path, edited, ct);
            transcript.Note($"removed the DatastoreType = etcdv3 line(s) from {FelixConfig.Path}");
            FelixConfigDiff.Note(transcript, content, edited);
            return NodeOutcome.Done("removed DatastoreType = etcdv3");
        }, cancellationToken);
}
