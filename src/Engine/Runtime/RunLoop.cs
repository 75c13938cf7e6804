using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Saga.Engine.Activities;
using Saga.Engine.Commands;
using Saga.Engine.Instances;
using Saga.Engine.Persistence;
using Saga.Engine.Secrets;
using Saga.Engine.Telemetry;

namespace Saga.Engine.Runtime;

/// <summary>
/// Drives an instance: claims its lease, then one activity at a time, and after each one a single checkpoint that
/// writes the journal entry, the new position and the variables. A crash loses at most the activity in flight.
/// Whatever an activity throws ends in the journal as a fault with its type and message, except the three ways a run is
/// stopped from outside: the caller's cancellation (interrupted, nothing written, lease released), the lease taken by
/// another runner (stopped, nothing written), and a cancel request (cancelled).
/// </summary>
internal sealed class RunLoop(
    IDbContextFactory<SagaDbContext> contexts,
    InstanceClaims claims,
    ActivityExecutor executor,
    InstanceCancellation cancellation,
    RunNotifier notifier,
    RunnerIdentity identity,
    StoreOutage outage,
    IEnumerable<IRunScope> runScopes,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<WorkflowRunner> logger)
{
    private EngineOptions Options => options.Value;

    /// <param name="instanceId">The instance.</param>
    /// <param name="trigger">Applied to the instance as the run claims it (a bookmark triggered); null for a plain run.</param>
    /// <param name="cancellationToken">The caller's: interrupts the run without writing.</param>
    public async Task<RunOutcome> DriveAsync(string instanceId, Action<InstanceRecord>? trigger, CancellationToken cancellationToken)
    {
        var owner = $"{identity.Owner}:{Guid.NewGuid():N}";
        var claim = await outage.RetryAsync(ct => claims.ClaimAsync(instanceId, owner, trigger, ct), cancellationToken);
        if (claim.NothingToRun is { } outcome)
            return outcome;

        var record = claim.Record!;
        await using var scopes = EnterScopes(record.Id);
        await using var db = claim.Db!;
        await using var run = new RunCheckpoints(db, new CheckpointWriter(db), record, owner, outage);
        await using var keeper = new LeaseKeeper(contexts, record.Id, owner, record.LeaseExpiresAt ?? Now(), Options.LeaseDuration, time, outage, logger);
        try
        {
            return await EngineTelemetry.TraceRunAsync(record.Id, record.DefinitionId, record.Name, record.ParentInstanceId,
                () => LoopAsync(run, claim.Blueprint!, keeper, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Interrupted at {ActivityId}; it runs again on resume", record.CurrentActivityId);
            await run.TryReleaseAsync();
            return RunOutcomes.Of(record) with { Interrupted = record.Status == InstanceStatus.Running };
        }
    }

    private async Task<RunOutcome> LoopAsync(RunCheckpoints run, Blueprint blueprint, LeaseKeeper keeper, CancellationToken cancellationToken)
    {
        var record = run.Record;
        var variables = ParseObject(record.VariablesJson);
        var storeRetries = 0;
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
            if (record.CancelRequested || keeper.CancelRequested)
                return await cancellation.CancelRunAsync(run, activity?.Type, InstanceCancellation.ByRequest, cancellationToken);
            await keeper.EnsureHeldAsync(cancellationToken);

            var started = Now();
            var outageBefore = outage.Now;
            ActivityResult result;
            var commands = new CommandBuffer(Math.Clamp(Options.CommandsPerInstance - record.CommandsKept, 0, CommandBuffer.MaxPerActivity));
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, keeper.Stopped);
            try
            {
                result = activity is null
                    ? ActivityResult.Fault($"activity '{activityId}' is not in version {record.DefinitionVersion} of '{record.DefinitionId}'")
                    : await executor.ExecuteAsync(activity, record, variables, commands, linked.Token);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested)
            {
                throw new OperationCanceledException($"{activityId} was interrupted by the caller", ex, cancellationToken);
            }
            catch (Exception ex) when (keeper.LeaseLost)
            {
                throw new LeaseLostException($"Instance {record.Id} was taken over by another runner while {activityId} ran; this runner stopped without writing.", ex);
            }
            catch (Exception) when (keeper.CancelRequested)
            {
                return await cancellation.CancelRunAsync(run, activity?.Type, InstanceCancellation.ByRequest + " while running", cancellationToken);
            }
            catch (Exception ex) when (StoreOutage.IsTransient(ex))
            {
                // The activity itself met the store not answering (a fan-out reads and writes instances): not its fault.
                // It runs again once the store confirms that this runner still holds the instance.
                logger.LogWarning("{ActivityId} stopped: the store does not answer; it runs again once it does", activityId);
                await outage.WaitAsync(ex, storeRetries++, outageBefore, cancellationToken);
                await keeper.ConfirmAsync(cancellationToken);
                variables = ParseObject(record.VariablesJson);
                continue;
            }
            catch (Exception ex)
            {
                // OperationCanceledException too: a timeout inside the activity (HttpClient's) is its failure, not a stop.
                result = FaultResult.From(ex);
                logger.LogError(ex, "Activity {ActivityId} threw", activityId);
            }

            storeRetries = 0;
            result = SecretMask.Apply(result); // what it read on nodes may hold secrets: none reaches the journal, events or logs
            var ended = Now();
            if (commands.Dropped > 0)
                result = result with { Output = $"{result.Output}{(result.Output is null ? "" : "\n")}[{commands.Dropped} remote command(s) not kept in the journal: Saga:Engine:CommandsPerInstance is {Options.CommandsPerInstance}]" };
            var entry = JournalEntries.Ran(record.Id, activityId, activity?.Type, result, started, ended, Options.OutputExcerptLength);
            var ran = commands.Take().Select(c => CommandJournal.ToRecord(record.Id, activityId, c)).ToList();
            if (result is FaultResult)
                variables = ParseObject(record.VariablesJson); // a faulted activity runs again from the state before it
            var variablesJson = variables.ToJsonString();
            await run.WriteAsync(r =>
            {
                InstanceTransitions.Advance(r, blueprint, activityId, result, variablesJson, ended, Options.LeaseDuration);
                r.CommandsKept += ran.Count;
                return entry;
            }, ran, cancellationToken);
            keeper.Confirm(record.LeaseExpiresAt);
            Log(record, activityId, result);
            await notifier.RanAsync(record, activityId, activity?.Type, result, entry.Output);
        }

        // A cancel request that met the last checkpoint (a fan-out that then waits): that checkpoint kept what the
        // activity did, and the cancel goes on from here.
        if (record.CancelRequested && record.Status == InstanceStatus.Suspended)
            return await cancellation.CancelRunAsync(run, null, InstanceCancellation.ByRequest, cancellationToken);
        return RunOutcomes.Of(record);
    }

    private void Log(InstanceRecord record, string activityId, ActivityResult result)
    {
        switch (result)
        {
            case OutcomeResult outcome:
                logger.LogInformation("Activity {ActivityId} ended with {Outcome}", activityId, outcome.OutcomeName);
                break;
            case SuspendResult suspend:
                logger.LogInformation("Instance {InstanceId} waits on {Bookmark} at {ActivityId}", record.Id, suspend.Bookmark, activityId);
                break;
            case FaultResult fault:
                logger.LogError("Activity {ActivityId} faulted: {Error}", activityId, fault.Message);
                break;
        }
    }

    /// <summary>Enters every run scope here, synchronously, so what they set on this async flow reaches the activities.</summary>
    private RunScopes EnterScopes(string instanceId) => new([.. runScopes.Select(s => s.Enter(instanceId))]);

    private sealed class RunScopes(IReadOnlyList<IAsyncDisposable> entered) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            foreach (var scope in entered.Reverse())
                await scope.DisposeAsync();
        }
    }

    private static JsonObject ParseObject(string json) =>
        JsonNode.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json) as JsonObject ?? [];

    private DateTime Now() => time.GetUtcNow().UtcDateTime;
}
