using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saga.Engine.Activities;
using Saga.Engine.Definitions;
using Saga.Engine.Descriptors;
using Saga.Engine.Instances;
using Saga.Engine.Persistence;
using Saga.Engine.Telemetry;

namespace Saga.Engine.Runtime;

/// <summary>
/// Drives instances: one activity at a time, and after each one a single transaction that writes the journal
/// entry, the new position and the variables. A crash loses at most the activity in flight.
/// </summary>
internal sealed class WorkflowRunner(
    IDbContextFactory<SagaDbContext> contexts,
    ActivityRegistry registry,
    IServiceProvider services,
    RunnerIdentity identity,
    IOptions<EngineOptions> options,
    TimeProvider time,
    IEnumerable<IWorkflowObserver> observers,
    ILogger<WorkflowRunner> logger) : IWorkflowRunner
{
    private const string Cancelled = nameof(Cancelled);

    private EngineOptions Options => options.Value;

    public async Task<string> CreateAsync(
        string definitionId, IReadOnlyDictionary<string, JsonElement>? variables, CreateInstanceOptions? createOptions, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var version = await db.Definitions.AsNoTracking()
                          .SingleOrDefaultAsync(d => d.DefinitionId == definitionId && d.IsPublished, cancellationToken)
                      ?? throw new InstanceStateException($"Definition '{definitionId}' has no published version.");
        var definition = DefinitionJson.Parse(version.Json, $"definition '{definitionId}' version {version.Version}");
        var start = new Blueprint(definition).StartActivityId
                    ?? throw new InstanceStateException($"Definition '{definitionId}' version {version.Version} has no start activity.");

        var values = new JsonObject();
        foreach (var (name, value) in definition.ParseVariables())
            values[name] = JsonNode.Parse(value.GetRawText());
        foreach (var (name, value) in variables ?? new Dictionary<string, JsonElement>())
            values[name] = JsonNode.Parse(value.GetRawText());

        if (createOptions?.InstanceId is { } given && await db.Instances.AnyAsync(i => i.Id == given, cancellationToken))
            return given; // created before (a redelivered message, a re-run fan-out): the same instance, not a second one

        var record = new InstanceRecord
        {
            Id = createOptions?.InstanceId ?? Guid.NewGuid().ToString("N"),
            DefinitionId = definitionId,
            DefinitionVersionId = version.Id,
            DefinitionVersion = version.Version,
            Name = createOptions?.Name ?? definition.DisplayName ?? definition.Name,
            CorrelationId = createOptions?.CorrelationId,
            ParentInstanceId = createOptions?.ParentInstanceId,
            Status = InstanceStatus.Running,
            CurrentActivityId = start,
            VariablesJson = values.ToJsonString(),
            CreatedAt = Now(),
        };
        db.Instances.Add(record);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Created instance {InstanceId} of {DefinitionId} version {Version}", record.Id, definitionId, version.Version);
        await NotifyAsync(record, WorkflowChangeKind.Created, null, null, null, null);
        return record.Id;
    }

    public Task<RunOutcome> RunAsync(string instanceId, CancellationToken cancellationToken) =>
        DriveAsync(instanceId, trigger: null, cancellationToken);

    public Task<RunOutcome> TriggerAsync(string instanceId, string bookmark, JsonElement? payload, CancellationToken cancellationToken) =>
        DriveAsync(instanceId, record =>
        {
            EnsureWaitsOn(record, bookmark);
            Resume(record, payload?.GetRawText() ?? "null");
        }, cancellationToken);

    public async Task AnswerAsync(string instanceId, string bookmark, JsonElement? payload, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await LoadAsync(db, instanceId, cancellationToken);
        EnsureWaitsOn(record, bookmark);
        Resume(record, payload?.GetRawText() ?? "null");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex)
        {
            throw new InstanceStateException($"Instance {instanceId} changed while '{bookmark}' was answered (another answer came first); this one was not taken.", ex);
        }

        logger.LogInformation("Answered {Bookmark} of instance {InstanceId}; it runs on at {ActivityId}", bookmark, instanceId, record.CurrentActivityId);
    }

    public async Task<RunOutcome> CancelAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await LoadAsync(db, instanceId, cancellationToken);
        if (record.Status is InstanceStatus.Finished or InstanceStatus.Cancelled)
            return Outcome(record, $"already {record.Status}");

        if (HasLiveLease(record, Now()))
        {
            record.CancelRequested = true;
            await db.SaveChangesAsync(cancellationToken);
            return Outcome(record, $"asked {RunnerIdentity.Describe(record.LeaseOwner!)} to stop; it cancels at its next lease renewal");
        }

        db.Journal.Add(MarkCancelled(record, "cancelled by request"));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Cancelled instance {InstanceId}", instanceId);
        await NotifyAsync(record, WorkflowChangeKind.Cancelled, record.CurrentActivityId, null, null, "cancelled by request");
        await CancelChildrenAsync(db, instanceId, cancellationToken);
        return Outcome(record, "cancelled");
    }

    public async Task RewindAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await LoadAsync(db, instanceId, cancellationToken);
        if (HasLiveLease(record, Now()))
            throw new InstanceLeasedException(record.Id, record.LeaseOwner!, record.LeaseAcquiredAt, record.LeaseExpiresAt);
        if (record.Status is not (InstanceStatus.Faulted or InstanceStatus.Running))
            throw new InstanceStateException($"Instance {record.Id} is {record.Status}; only a faulted or interrupted instance is rewound.");
        var version = await db.Definitions.AsNoTracking().SingleAsync(d => d.Id == record.DefinitionVersionId, cancellationToken);
        var start = new Blueprint(DefinitionJson.Parse(version.Json)).StartActivityId
                    ?? throw new InstanceStateException($"Instance {record.Id}'s definition has no start activity.");
        var now = Now();
        db.Journal.Add(new JournalRecord
        {
            InstanceId = record.Id,
            ActivityId = record.FaultActivityId ?? record.CurrentActivityId ?? start,
            ActivityType = "",
            EventName = "Rewound",
            StartedAt = now,
            EndedAt = now,
            Outcome = start,
        });
        record.Status = InstanceStatus.Running;
        record.CurrentActivityId = start;
        record.FaultActivityId = record.FaultMessage = record.FaultType = null;
        record.FaultedAt = null;
        record.ResumePayloadJson = null;
        ClearLease(record);
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Rewound instance {InstanceId} to {ActivityId}", record.Id, start);
    }

    /// <summary>Cancelling a parent cancels its children (a downgrade's nodes) that have not ended.</summary>
    private async Task CancelChildrenAsync(SagaDbContext db, string parentId, CancellationToken cancellationToken)
    {
        var children = await db.Instances.AsNoTracking()
            .Where(i => i.ParentInstanceId == parentId && (i.Status == InstanceStatus.Running || i.Status == InstanceStatus.Suspended || i.Status == InstanceStatus.Faulted))
            .Select(i => i.Id).ToListAsync(cancellationToken);
        foreach (var child in children)
            await CancelAsync(child, cancellationToken);
    }

    private async Task<RunOutcome> DriveAsync(string instanceId, Action<InstanceRecord>? trigger, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // SQLite: one connection for the whole run, not one per checkpoint. A server's pool hands one out per checkpoint
        // instead, so a process running many nodes holds connections only while it writes, not while nodes work.
        if (db.Database.IsSqlite())
            await db.Database.OpenConnectionAsync(cancellationToken);
        var record = await LoadAsync(db, instanceId, cancellationToken);
        if (record.Status is InstanceStatus.Finished or InstanceStatus.Cancelled)
            return Outcome(record, $"already {record.Status}; nothing to run");
        if (trigger is null && record.Status == InstanceStatus.Suspended)
        {
            if (!record.BookmarkResumesOnRun)
                return Outcome(record, $"waiting on '{record.BookmarkName}'");
            trigger = r => Resume(r, ActivityResult.RestartedPayload);
        }

        var owner = $"{identity.Owner}:{Guid.NewGuid():N}";
        await AcquireAsync(db, record, owner, trigger, cancellationToken);

        var version = await db.Definitions.AsNoTracking().SingleAsync(d => d.Id == record.DefinitionVersionId, cancellationToken);
        var blueprint = new Blueprint(DefinitionJson.Parse(version.Json, $"definition '{version.DefinitionId}' version {version.Version}"));
        await using var keeper = new LeaseKeeper(contexts, record.Id, owner, Options.LeaseDuration, time, logger);
        await using var writer = new CheckpointWriter(db);
        return await EngineTelemetry.TraceRunAsync(record.Id, record.DefinitionId, record.Name, record.ParentInstanceId,
            () => LoopAsync(new Run(db, writer, record, owner), blueprint, keeper, cancellationToken));
    }

    private static void EnsureWaitsOn(InstanceRecord record, string bookmark)
    {
        if (record.Status != InstanceStatus.Suspended || record.BookmarkName != bookmark)
        {
            throw new InstanceStateException(record.Status == InstanceStatus.Suspended
                ? $"Instance {record.Id} waits on '{record.BookmarkName}', not '{bookmark}'."
                : $"Instance {record.Id} is {record.Status}, not waiting on '{bookmark}'.");
        }
    }

    private static void Resume(InstanceRecord record, string payloadJson)
    {
        record.Status = InstanceStatus.Running;
        record.BookmarkName = null;
        record.BookmarkResumesOnRun = false;
        record.ResumePayloadJson = payloadJson;
    }

    private async Task AcquireAsync(SagaDbContext db, InstanceRecord record, string owner, Action<InstanceRecord>? trigger, CancellationToken cancellationToken)
    {
        var now = Now();
        if (HasLiveLease(record, now))
            throw new InstanceLeasedException(record.Id, record.LeaseOwner!, record.LeaseAcquiredAt, record.LeaseExpiresAt);

        trigger?.Invoke(record);
        if (record.Status == InstanceStatus.Faulted)
        {
            logger.LogInformation("Resuming faulted instance {InstanceId} at {ActivityId}", record.Id, record.CurrentActivityId);
            record.Status = InstanceStatus.Running;
            record.FaultActivityId = record.FaultMessage = record.FaultType = null;
            record.FaultedAt = null;
        }

        record.LeaseOwner = owner;
        record.LeaseAcquiredAt = now;
        record.LeaseExpiresAt = now + Options.LeaseDuration;
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

    private async Task<RunOutcome> LoopAsync(Run run, Blueprint blueprint, LeaseKeeper keeper, CancellationToken cancellationToken)
    {
        var record = run.Record;
        var variables = ParseObject(record.VariablesJson);
        while (record.Status == InstanceStatus.Running)
        {
            var activityId = record.CurrentActivityId!;
            var activity = blueprint.Find(activityId);
            using var scope = logger.BeginScope(new Dictionary<string, object?>
            {
                ["InstanceId"] = record.Id,
                ["ActivityId"] = activityId,
                ["ActivityType"] = activity?.Type,
            });

            if (record.CancelRequested)
            {
                await CheckpointAsync(run, r => MarkCancelled(r, "cancelled by request"));
                await NotifyAsync(record, WorkflowChangeKind.Cancelled, activityId, activity?.Type, null, "cancelled by request");
                break;
            }

            var started = Now();
            ActivityResult result;
            string? faultType = null;
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, keeper.Stopped);
            try
            {
                result = activity is null
                    ? ActivityResult.Fault($"activity '{activityId}' is not in version {record.DefinitionVersion} of '{record.DefinitionId}'")
                    : await ExecuteAsync(activity, record, variables, linked.Token);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Interrupted at {ActivityId}; it runs again on resume", activityId);
                await ReleaseAsync(run);
                return Outcome(record, "interrupted; resume runs the activity again") with { Interrupted = true };
            }
            catch (OperationCanceledException) when (keeper.LeaseLost)
            {
                throw new LeaseLostException($"Instance {record.Id} was taken over by another runner while {activityId} ran; this runner stopped without writing.");
            }
            catch (OperationCanceledException) when (keeper.CancelRequested)
            {
                await CheckpointAsync(run, r => MarkCancelled(r, "cancelled by request while running"));
                await NotifyAsync(record, WorkflowChangeKind.Cancelled, activityId, activity?.Type, null, "cancelled by request while running");
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                result = ActivityResult.Fault(ex.Message);
                faultType = ex.GetType().FullName;
                logger.LogError(ex, "Activity {ActivityId} threw", activityId);
            }

            var ended = Now();
            var entry = new JournalRecord
            {
                InstanceId = record.Id,
                ActivityId = activityId,
                ActivityType = activity?.Type ?? "?",
                EventName = result.Kind switch
                {
                    ActivityResultKind.Outcome => "Executed",
                    ActivityResultKind.Suspend => "Suspended",
                    _ => "Faulted",
                },
                StartedAt = started,
                EndedAt = ended,
                Outcome = result.Kind == ActivityResultKind.Fault ? null : result.Name,
                Output = OutputExcerpt.Bound(result.Output, Options.OutputExcerptLength),
                Error = result.Kind == ActivityResultKind.Fault ? result.Name : null,
            };
            if (result.Kind == ActivityResultKind.Fault)
                variables = ParseObject(record.VariablesJson); // a faulted activity runs again from the state before it
            var variablesJson = variables.ToJsonString();
            await CheckpointAsync(run, r =>
            {
                Advance(r, blueprint, activityId, result, faultType, variablesJson, ended);
                return entry;
            });
            Log(record, activityId, result);
            await NotifyAsync(record, activityId, activity?.Type, result, entry.Output);
        }

        return Outcome(record, record.Status switch
        {
            InstanceStatus.Faulted => record.FaultMessage,
            InstanceStatus.Suspended => $"waiting on '{record.BookmarkName}'",
            _ => record.Status.ToString(),
        });
    }

    private async Task<ActivityResult> ExecuteAsync(ActivityDefinition activity, InstanceRecord record, JsonObject variables, CancellationToken cancellationToken)
    {
        var type = registry.FindType(activity.Type)
                   ?? throw new InvalidOperationException($"unknown activity type '{activity.Type}'");
        var instance = (IActivity)ActivatorUtilities.CreateInstance(services, type.ClrType);
        try
        {
            InputBinder.Bind(instance, type, activity, variables);
            var payload = record.ResumePayloadJson is null ? (JsonElement?)null : JsonDocument.Parse(record.ResumePayloadJson).RootElement.Clone();
            var context = new ActivityContext(record.Id, activity.ActivityId, variables, payload, time);
            logger.LogInformation("Executing activity {ActivityId} ({ActivityType}){Resuming}", activity.ActivityId, activity.Type, payload is null ? "" : " on resume");
            return await EngineTelemetry.TraceActivityAsync(record.Id, activity.ActivityId, activity.Type, () => instance.ExecuteAsync(context, cancellationToken).AsTask());
        }
        finally
        {
            switch (instance)
            {
                case IAsyncDisposable asyncDisposable:
                    await asyncDisposable.DisposeAsync();
                    break;
                case IDisposable disposable:
                    disposable.Dispose();
                    break;
            }
        }
    }

    private void Advance(InstanceRecord record, Blueprint blueprint, string activityId, ActivityResult result, string? faultType, string variablesJson, DateTime now)
    {
        record.LastExecutedAt = now;
        record.VariablesJson = variablesJson;
        record.ResumePayloadJson = null;
        switch (result.Kind)
        {
            case ActivityResultKind.Outcome:
                var next = blueprint.Next(activityId, result.Name);
                record.CurrentActivityId = next;
                if (next is null)
                {
                    record.Status = InstanceStatus.Finished;
                    record.FinishedAt = now;
                }

                break;
            case ActivityResultKind.Suspend:
                record.Status = InstanceStatus.Suspended;
                record.BookmarkName = result.Name;
                record.BookmarkResumesOnRun = result.ResumesOnRun;
                break;
            default:
                record.Status = InstanceStatus.Faulted;
                record.FaultActivityId = activityId;
                record.FaultMessage = result.Name;
                record.FaultType = faultType;
                record.FaultedAt = now;
                break;
        }

        if (record.Status == InstanceStatus.Running)
            record.LeaseExpiresAt = now + Options.LeaseDuration;
        else
            ClearLease(record);
    }

    private JournalRecord MarkCancelled(InstanceRecord record, string reason)
    {
        var now = Now();
        var entry = new JournalRecord
        {
            InstanceId = record.Id,
            ActivityId = record.CurrentActivityId ?? "",
            ActivityType = "",
            EventName = Cancelled,
            StartedAt = now,
            EndedAt = now,
            Error = reason,
        };
        record.Status = InstanceStatus.Cancelled;
        record.CancelledAt = now;
        record.BookmarkName = null;
        record.BookmarkResumesOnRun = false;
        record.ResumePayloadJson = null;
        ClearLease(record);
        return entry;
    }

    /// <summary>
    /// Writes one checkpoint: <paramref name="apply"/> moves the record on and returns the journal entry. If another
    /// writer moved the instance on meanwhile (a cancel request), the change is applied again on the fresh copy; if
    /// another runner took the lease, this runner stops without writing. Never cancelled by the caller: an activity
    /// that completed is always recorded.
    /// </summary>
    private static async Task CheckpointAsync(Run run, Func<InstanceRecord, JournalRecord?> apply)
    {
        var record = run.Record;
        for (var attempt = 0; ; attempt++)
        {
            var expected = record.ConcurrencyToken;
            var entry = apply(record);
            record.ConcurrencyToken = expected + 1;
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            if (await run.Writer.WriteAsync(record, expected, entry, CancellationToken.None))
            {
                EngineTelemetry.CheckpointWritten(System.Diagnostics.Stopwatch.GetElapsedTime(started));
                run.Db.ChangeTracker.AcceptAllChanges(); // what was written is now the tracked original
                return;
            }

            if (attempt == 3)
                throw new DbUpdateConcurrencyException($"Instance {record.Id} kept changing under this runner; stopped without writing.");
            await run.Db.Entry(record).ReloadAsync(CancellationToken.None);
            if (record.LeaseOwner != run.Owner)
                throw new LeaseLostException($"Instance {record.Id} was taken over by another runner; this runner stopped without writing.");
        }
    }

    private static async Task ReleaseAsync(Run run)
    {
        try
        {
            await CheckpointAsync(run, r =>
            {
                ClearLease(r);
                return null;
            });
        }
        catch (LeaseLostException)
        {
            // Someone else drives it now; nothing of ours to release.
        }
    }

    private static void ClearLease(InstanceRecord record)
    {
        record.LeaseOwner = null;
        record.LeaseAcquiredAt = null;
        record.LeaseExpiresAt = null;
    }

    private static bool HasLiveLease(InstanceRecord record, DateTime now) =>
        record.LeaseOwner is { } owner && record.LeaseExpiresAt > now && !RunnerIdentity.IsKnownDead(owner);

    private void Log(InstanceRecord record, string activityId, ActivityResult result)
    {
        switch (result.Kind)
        {
            case ActivityResultKind.Outcome:
                logger.LogInformation("Activity {ActivityId} ended with {Outcome}", activityId, result.Name);
                break;
            case ActivityResultKind.Suspend:
                logger.LogInformation("Instance {InstanceId} waits on {Bookmark} at {ActivityId}", record.Id, result.Name, activityId);
                break;
            default:
                logger.LogError("Activity {ActivityId} faulted: {Error}", activityId, result.Name);
                break;
        }
    }

    private Task NotifyAsync(InstanceRecord record, string activityId, string? activityType, ActivityResult result, string? output) => result.Kind switch
    {
        ActivityResultKind.Fault => NotifyAsync(record, WorkflowChangeKind.Faulted, activityId, activityType, null, result.Name),
        ActivityResultKind.Suspend => NotifyAsync(record, WorkflowChangeKind.Suspended, activityId, activityType, result.Name, output),
        _ => NotifyCompletedAsync(record, activityId, activityType, result.Name, output),
    };

    private async Task NotifyCompletedAsync(InstanceRecord record, string activityId, string? activityType, string outcome, string? output)
    {
        await NotifyAsync(record, WorkflowChangeKind.ActivityCompleted, activityId, activityType, outcome, output);
        if (record.Status == InstanceStatus.Finished)
            await NotifyAsync(record, WorkflowChangeKind.Finished, activityId, activityType, outcome, null);
    }

    private async Task NotifyAsync(InstanceRecord record, WorkflowChangeKind kind, string? activityId, string? activityType, string? outcome, string? message)
    {
        var change = new WorkflowChange(kind, record.Id, record.DefinitionId, record.ParentInstanceId, record.Name, activityId, activityType, outcome, message, record.Status, Now());
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

    private static async Task<InstanceRecord> LoadAsync(SagaDbContext db, string instanceId, CancellationToken cancellationToken) =>
        await db.Instances.SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken)
        ?? throw new InstanceStateException($"There is no instance '{instanceId}'.");

    private static RunOutcome Outcome(InstanceRecord record, string? message) =>
        new(record.Id, record.Status, record.Status == InstanceStatus.Faulted ? record.FaultActivityId : record.CurrentActivityId, message);

    private static JsonObject ParseObject(string json) =>
        JsonNode.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json) as JsonObject ?? [];

    private DateTime Now() => time.GetUtcNow().UtcDateTime;

    /// <summary>One run's store access: the context that tracks the instance, and the checkpoint writer on its connection.</summary>
    private sealed record Run(SagaDbContext Db, CheckpointWriter Writer, InstanceRecord Record, string Owner);
}
