using Microsoft.Extensions.Logging;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Persistence;

namespace Saga.Engine.Runtime;

/// <summary>Tells the observers what was just checkpointed; an observer that throws is logged and cannot fail the run.</summary>
internal sealed class RunNotifier(IEnumerable<IWorkflowObserver> observers, TimeProvider time, ILogger<RunNotifier> logger)
{
    public Task CreatedAsync(InstanceRecord record) => NotifyAsync(record, WorkflowChangeKind.Created, null, null, null, null);

    public Task CancelledAsync(InstanceRecord record, string? activityType, string reason) =>
        NotifyAsync(record, WorkflowChangeKind.Cancelled, record.CurrentActivityId, activityType, null, reason);

    /// <summary>An activity's checkpoint: completed (and the instance finished, when it did), suspended, or faulted.</summary>
    public async Task RanAsync(InstanceRecord record, string activityId, string? activityType, ActivityResult result, string? output)
    {
        switch (result)
        {
            case FaultResult fault:
                await NotifyAsync(record, WorkflowChangeKind.Faulted, activityId, activityType, null, fault.Message);
                break;
            case SuspendResult suspend:
                await NotifyAsync(record, WorkflowChangeKind.Suspended, activityId, activityType, suspend.Bookmark, output);
                break;
            case OutcomeResult outcome:
                await NotifyAsync(record, WorkflowChangeKind.ActivityCompleted, activityId, activityType, outcome.OutcomeName, output);
                if (record.Status == InstanceStatus.Finished)
                    await NotifyAsync(record, WorkflowChangeKind.Finished, activityId, activityType, outcome.OutcomeName, null);
                break;
        }
    }

    private async Task NotifyAsync(InstanceRecord record, WorkflowChangeKind kind, string? activityId, string? activityType, string? outcome, string? message)
    {
        var change = new WorkflowChange(kind, record.Id, record.DefinitionId, record.ParentInstanceId, record.Name, activityId, activityType, outcome, message,
            record.Status, time.GetUtcNow().UtcDateTime);
        foreach (var observer in observers)
        {
            try
            {
                await observer.OnChangedAsync(change, CancellationToken.None);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Observer {Observer} failed on {Kind} of {InstanceId}; the run goes on", observer.GetType().Name, kind, record.Id);
            }
        }
    }
}
