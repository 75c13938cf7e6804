using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Services;

namespace Saga.Activities.Calico;

/// <summary>Restart a service and check that it runs afterwards: what every restart in the runbook means.</summary>
public static class ServiceRestart
{
    public static async Task RestartAndCheckAsync(
        this INodeShell shell, NodeSpec node, IServiceManager services, string service, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        transcript.Command((await shell.RunAsync(node, services.Restart(service), cancellationToken)).EnsureSuccess());
        var status = await shell.RunAsync(node, services.Status(service), cancellationToken);
        transcript.Command(status);
        if (!services.IsRunning(status))
            throw new NodeException(node.Name, $"{service} does not run after the restart: {status.Stdout.Trim()} {status.Stderr.Trim()}".Trim(), retryable: false);
    }
}
