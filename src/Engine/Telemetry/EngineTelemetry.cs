using System.Diagnostics;
using System.Diagnostics.Metrics;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

namespace Saga.Engine.Telemetry;

/// <summary>
/// What the engine tells OpenTelemetry (through System.Diagnostics; nothing is recorded unless a listener, such as the
/// host's OpenTelemetry SDK, subscribes to <see cref="SourceName"/>). Spans: <c>run {definition}</c> per run of an
/// instance and <c>{activity id}</c> per activity execution. Metrics: <c>saga.runs</c> (runs ended, by the state they
/// left the instance in), <c>saga.runs.active</c>, <c>saga.step.duration</c> and <c>saga.checkpoint.duration</c>.
/// </summary>
public static class EngineTelemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string SourceName = "Saga.Engine";

    private static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);
    private static readonly Counter<long> Runs = Meter.CreateCounter<long>("saga.runs", "{run}", "Runs of an instance that ended, by the status they left it in (saga.instance.status).");
    private static readonly UpDownCounter<long> ActiveRuns = Meter.CreateUpDownCounter<long>("saga.runs.active", "{run}", "Runs in progress in this process.");
    private static readonly Histogram<double> Steps = Meter.CreateHistogram<double>("saga.step.duration", "s", "How long each activity execution took, by activity type and result.");
    private static readonly Histogram<double> Checkpoints = Meter.CreateHistogram<double>("saga.checkpoint.duration", "s", "How long writing one checkpoint (journal entry, position, variables) took.");

    /// <summary>Runs <paramref name="run"/> in a span named after the definition, and counts how it ended.</summary>
    internal static async Task<RunOutcome> TraceRunAsync(string instanceId, string definitionId, string? name, string? parentInstanceId, Func<Task<RunOutcome>> run)
    {
        using var span = Source.StartActivity($"run {definitionId}");
        span?.SetTag("saga.instance.id", instanceId).SetTag("saga.definition.id", definitionId).SetTag("saga.instance.name", name)
            .SetTag("saga.instance.parent_id", parentInstanceId);
        ActiveRuns.Add(1);
        try
        {
            var outcome = await run();
            var status = outcome.Interrupted ? "Interrupted" : outcome.Status.ToString();
            span?.SetTag("saga.instance.status", status).SetTag("saga.activity.id", outcome.ActivityId);
            if (outcome.Status == InstanceStatus.Faulted)
                span?.SetStatus(ActivityStatusCode.Error, outcome.Fault?.Message);
            Runs.Add(1, new KeyValuePair<string, object?>("saga.instance.status", status), new KeyValuePair<string, object?>("saga.definition.id", definitionId));
            return outcome;
        }
        catch (Exception ex)
        {
            span?.AddException(ex).SetStatus(ActivityStatusCode.Error, ex.Message);
            Runs.Add(1, new KeyValuePair<string, object?>("saga.instance.status", "Error"), new KeyValuePair<string, object?>("saga.definition.id", definitionId));
            throw;
        }
        finally
        {
            ActiveRuns.Add(-1);
        }
    }

    /// <summary>Runs one activity execution in a span named after the activity, and measures it.</summary>
    internal static async Task<ActivityResult> TraceActivityAsync(string instanceId, string activityId, string activityType, Func<Task<ActivityResult>> execute)
    {
        using var span = Source.StartActivity(activityId);
        span?.SetTag("saga.instance.id", instanceId).SetTag("saga.activity.id", activityId).SetTag("saga.activity.type", activityType);
        var started = Stopwatch.GetTimestamp();
        var result = "Error";
        try
        {
            var outcome = await execute();
            result = outcome.Kind.ToString();
            span?.SetTag("saga.activity.result", result);
            switch (outcome)
            {
                case OutcomeResult done:
                    span?.SetTag("saga.activity.outcome", done.OutcomeName);
                    break;
                case SuspendResult waiting:
                    span?.SetTag("saga.activity.bookmark", waiting.Bookmark);
                    break;
                case FaultResult fault:
                    span?.SetStatus(ActivityStatusCode.Error, fault.Message);
                    break;
            }

            return outcome;
        }
        catch (Exception ex)
        {
            span?.AddException(ex).SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        finally
        {
            Steps.Record(Stopwatch.GetElapsedTime(started).TotalSeconds,
                new KeyValuePair<string, object?>("saga.activity.type", activityType), new KeyValuePair<string, object?>("saga.activity.result", result));
        }
    }

    /// <summary>Records how long one checkpoint took to write.</summary>
    internal static void CheckpointWritten(TimeSpan took) => Checkpoints.Record(took.TotalSeconds);
}
