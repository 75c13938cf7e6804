using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saga.Engine.Activities;
using Saga.Engine.Definitions;
using Saga.Engine.Instances;
using Saga.Engine.Persistence;

namespace Saga.Engine.Runtime;

/// <summary>
/// A run's start: loads the instance and its definition and takes the instance's lease, applying a triggered
/// bookmark in the same write; or says why there is nothing to run (ended, or waiting on what a run cannot answer).
/// </summary>
internal sealed class InstanceClaims(IDbContextFactory<SagaDbContext> contexts, IOptions<EngineOptions> options, TimeProvider time, ILogger<WorkflowRunner> logger)
{
    /// <summary>Loads the instance and its definition and takes its lease; or says why there is nothing to run.</summary>
    public async Task<RunClaim> ClaimAsync(string instanceId, string owner, Action<InstanceRecord>? trigger, CancellationToken cancellationToken)
    {
        var db = await contexts.CreateDbContextAsync(cancellationToken);
        try
        {
            // SQLite: one connection for the whole run, not one per checkpoint. A server's pool hands one out per
            // checkpoint instead, so a process running many nodes holds connections only while it writes.
            if (db.Database.IsSqlite())
                await db.Database.OpenConnectionAsync(cancellationToken);
            var record = await InstanceCommands.LoadAsync(db, instanceId, cancellationToken);
            if (record.LeaseOwner != owner) // otherwise an earlier attempt's claim landed before the store stopped answering
            {
                if (record.Status is InstanceStatus.Finished or InstanceStatus.Cancelled)
                    return await NothingAsync(db, RunOutcomes.Of(record));
                if (trigger is null && record.Status == InstanceStatus.Suspended)
                {
                    if (!record.BookmarkResumesOnRun)
                        return await NothingAsync(db, RunOutcomes.Of(record));
                    trigger = r => InstanceTransitions.Resume(r, ActivityResult.RestartedPayload);
                }
            }

            var version = await db.Definitions.AsNoTracking().SingleAsync(d => d.Id == record.DefinitionVersionId, cancellationToken);
            var blueprint = new Blueprint(DefinitionJson.Parse(version.Json, $"definition '{version.DefinitionId}' version {version.Version}"));
            if (record.LeaseOwner != owner)
                await AcquireAsync(db, record, owner, trigger, cancellationToken);
            return new RunClaim(db, record, blueprint, null);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    private async Task AcquireAsync(SagaDbContext db, InstanceRecord record, string owner, Action<InstanceRecord>? trigger, CancellationToken cancellationToken)
    {
        var now = Now();
        if (InstanceTransitions.HasLiveLease(record, now))
            throw new InstanceLeasedException(record.Id, record.LeaseOwner!, record.LeaseAcquiredAt, record.LeaseExpiresAt);

        trigger?.Invoke(record);
        if (record.Status == InstanceStatus.Faulted)
        {
            logger.LogInformation("Resuming faulted instance {InstanceId} at {ActivityId}", record.Id, record.CurrentActivityId);
            record.Status = InstanceStatus.Running;
            InstanceTransitions.ClearFault(record);
        }

        InstanceTransitions.TakeLease(record, owner, now, options.Value.LeaseDuration);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another runner claimed it between our read and our write.
            await db.Entry(record).ReloadAsync(cancellationToken);
            throw new InstanceLeasedException(record.Id, record.LeaseOwner ?? "another runner", record.LeaseAcquiredAt, record.LeaseExpiresAt);
        }
    }

    private static async Task<RunClaim> NothingAsync(SagaDbContext db, RunOutcome outcome)
    {
        await db.DisposeAsync();
        return new RunClaim(null, null, null, outcome);
    }

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}

/// <summary>A claimed run (context, instance, blueprint), or the outcome of an instance with nothing to run.</summary>
internal sealed record RunClaim(SagaDbContext? Db, InstanceRecord? Record, Blueprint? Blueprint, RunOutcome? NothingToRun);
