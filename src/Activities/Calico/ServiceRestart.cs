using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Services;
using Saga.Engine.Activities;

namespace Saga.Activities.Calico;

/// <summary>Restart a service and check that it runs afterwards: what every restart in the runbook means.</summary>
public static class ServiceRestart
{
    public static async Task RestartAndCheckAsync(
        this INodeShell shell, NodeSpec node, IServiceManager services, string service, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var before = await shell.RunAsync(node, services.Status(service), cancellationToken);
        transcript.Undo(new UndoRecord(UndoRecord.Service, service) { Before = services.IsRunning(before) ? UndoRecord.Running : UndoRecord.Stopped });
        transcript.Command((await shell.RunAsync(node, services.Restart(service), cancellationToken)).EnsureSuccess());
        var status = await shell.RunAsync(node, services.Status(service), cancellationToken);
        transcript.Command(status);
        if (!services.IsRunning(status))
            throw new NodeException(node.Name, $"{service} does not run after the restart: {status.Stdout.Trim()} {status.Stderr.Trim()}".Trim(), retryable: false);
    }
}
