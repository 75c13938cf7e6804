using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saga.Engine.Instances;
using Saga.Engine.Persistence;

namespace Saga.Engine.Runtime;

/// <summary>
/// The one way an instance is cancelled, wherever the cancel is noticed: by the command (no runner drives it: a waiting
/// fan-out, a faulted or interrupted run) or by the runner that drives it (before a step, during one, after a checkpoint
/// that met the request). Each journals the cancel once, notifies once, then cancels the children that have not ended.
/// </summary>
internal sealed class InstanceCancellation(IDbContextFactory<SagaDbContext> contexts, RunNotifier notifier, TimeProvider time, ILogger<WorkflowRunner> logger)
{
    public const string ByRequest = "cancelled by request";
    private const int MaxRaces = 4;

    /// <summary>
    /// Cancels the instance; one that a live runner drives is asked to stop (once), and that runner cancels it. An
    /// instance cancelled before gets its unfinished children cancelled again, should a first attempt have left some.
    /// </summary>
    public async Task<RunOutcome> CancelAsync(string instanceId, CancellationToken cancellationToken)
    {
        for (var race = 1; ; race++)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            var record = await InstanceCommands.LoadAsync(db, instanceId, cancellationToken);
            if (record.Status == InstanceStatus.Finished)
                return RunOutcomes.Of(record);
            if (record.Status == InstanceStatus.Cancelled)
            {
                await CancelChildrenAsync(instanceId, cancellationToken);
                return RunOutcomes.Of(record);
            }

            var now = time.GetUtcNow().UtcDateTime;
            var driven = InstanceTransitions.HasLiveLease(record, now);
            if (driven && record.CancelRequested)
                return RunOutcomes.Of(record) with { CancelAskedOf = RunnerIdentity.Describe(record.LeaseOwner!) };
            JournalRecord? entry = null;
            if (driven)
                record.CancelRequested = true;
            else
                db.Journal.Add(entry = InstanceTransitions.Cancel(record, ByRequest, now)!);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateConcurrencyException) when (race < MaxRaces)
            {
                continue; // a runner moved it on meanwhile (checkpoint, lease): decide again on what it is now
            }

            if (driven)
                return RunOutcomes.Of(record) with { CancelAskedOf = RunnerIdentity.Describe(record.LeaseOwner!) };
            await CompleteAsync(record, activityType: null, entry!.Error!, cancellationToken);
            return RunOutcomes.Of(record);
        }
    }

    /// <summary>The runner that drives the instance cancels it: one checkpoint, then the notification and the children.</summary>
    public async Task<RunOutcome> CancelRunAsync(RunCheckpoints run, string? activityType, string reason, CancellationToken cancellationToken)
    {
        JournalRecord? entry = null;
        await run.WriteAsync(r => entry = InstanceTransitions.Cancel(r, reason, time.GetUtcNow().UtcDateTime), cancellationToken);
        if (entry is not null)
            await CompleteAsync(run.Record, activityType, reason, cancellationToken);
        return RunOutcomes.Of(run.Record);
    }

    private async Task CompleteAsync(InstanceRecord record, string? activityType, string reason, CancellationToken cancellationToken)
    {
        logger.LogInformation("Cancelled instance {InstanceId} at {ActivityId}: {Reason}", record.Id, record.CurrentActivityId, reason);
        await notifier.CancelledAsync(record, activityType, reason);
        await CancelChildrenAsync(record.Id, cancellationToken);
    }

    /// <summary>Cancelling a parent cancels its children (a downgrade's nodes) that have not ended; one a runner drives is asked to stop.</summary>
    private async Task CancelChildrenAsync(string parentId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var children = await db.Instances.AsNoTracking()
            .Where(i => i.ParentInstanceId == parentId && (i.Status == InstanceStatus.Running || i.Status == InstanceStatus.Suspended || i.Status == InstanceStatus.Faulted))
            .Select(i => i.Id).ToListAsync(cancellationToken);
        foreach (var child in children)
            await CancelAsync(child, cancellationToken);
    }
}
