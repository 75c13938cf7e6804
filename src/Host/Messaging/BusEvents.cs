using System.Threading.Channels;
using MassTransit;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Saga.Activities.Steps.Cluster;
using Saga.Contracts;
using Saga.Engine.Runtime;
using Saga.Engine.Secrets;
using Saga.Workflows;

namespace Saga.Host.Messaging;

/// <summary>
/// Publishes a downgrade's progress for observers on the bus: started, step completed, waiting, node finished or
/// faulted, finished, faulted, cancelled; a restore's the same way under its own id. Events follow the checkpoint they describe; they queue here so a slow or
/// restarting broker never holds up a run, and are best effort: one lost in a crash is in the store's journal.
/// </summary>
internal sealed class BusEvents(IBus bus, ILogger<BusEvents> logger) : BackgroundService, IWorkflowObserver
{
    private static readonly TimeSpan DrainOnStop = TimeSpan.FromSeconds(5);

    private readonly Channel<object> pending = Channel.CreateBounded<object>(new BoundedChannelOptions(10_000)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    public ValueTask OnChangedAsync(WorkflowChange change, CancellationToken cancellationToken)
    {
        if (ToEvent(change) is { } message)
            pending.Writer.TryWrite(message);
        return ValueTask.CompletedTask;
    }

    internal static object? ToEvent(WorkflowChange c)
    {
        c = c with { Message = SecretMask.Apply(c.Message) }; // the engine masked it when it checkpointed; an event never carries more
        if (c.ParentInstanceId is { } parent)
        {
            if (c.DefinitionId is not (DowngradeComputeNodes.ChildDefinitionId or RestoreNodeFlow.DefinitionId))
                return null; // a node of a downgrade, or of a restore
            return c.Kind switch
            {
                WorkflowChangeKind.Finished => new DowngradeNodeFinished(parent, c.InstanceId, c.Name, c.At),
                WorkflowChangeKind.Faulted => new DowngradeNodeFaulted(parent, c.InstanceId, c.Name, c.ActivityId, c.Message, c.At),
                _ => null,
            };
        }

        return c.Kind switch
        {
            WorkflowChangeKind.Created => new DowngradeStarted(c.InstanceId, c.Name, c.At),
            WorkflowChangeKind.ActivityCompleted => new DowngradeStepCompleted(c.InstanceId, c.ActivityId!, c.ActivityType, c.Outcome, c.Message, c.At),
            WorkflowChangeKind.Suspended => new DowngradeWaiting(c.InstanceId, c.ActivityId!, c.Outcome, c.At),
            WorkflowChangeKind.Finished => new DowngradeFinished(c.InstanceId, c.At),
            WorkflowChangeKind.Faulted => new DowngradeFaulted(c.InstanceId, c.ActivityId, c.Message, c.At),
            WorkflowChangeKind.Cancelled => new DowngradeCancelled(c.InstanceId, c.At),
            _ => null,
        };
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var message in pending.Reader.ReadAllAsync(stoppingToken))
                await PublishAsync(message, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // what is still queued goes out in StopAsync
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        using var drain = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        drain.CancelAfter(DrainOnStop);
        while (!drain.IsCancellationRequested && pending.Reader.TryRead(out var message))
            await PublishAsync(message, drain.Token);
    }

    private async Task PublishAsync(object message, CancellationToken cancellationToken)
    {
        try
        {
            await bus.Publish(message, message.GetType(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Could not publish {Event}: {Reason}", message.GetType().Name, ex.Message);
        }
    }
}
