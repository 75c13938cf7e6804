using System.Text.Json;
using Saga.Engine.Instances;

namespace Saga.Host.Web.Elsa;

/// <summary>An item of <c>GET v1/workflow-instances</c>.</summary>
internal sealed record ElsaInstanceSummary(
    string Id, string DefinitionId, string DefinitionVersionId, int Version, string WorkflowStatus, string? CorrelationId, string? Name,
    string CreatedAt, string? LastExecutedAt, string? FinishedAt, string? CancelledAt, string? FaultedAt, IReadOnlyDictionary<string, object> Metadata)
{
    public static ElsaInstanceSummary From(InstanceSummary i) => new(
        i.Id, i.DefinitionId, i.DefinitionVersionId, i.DefinitionVersion, i.Status.ToString(), i.CorrelationId, i.Name, ElsaJson.Time(i.CreatedAt),
        ElsaJson.Time(i.LastExecutedAt), ElsaJson.Time(i.FinishedAt), ElsaJson.Time(i.CancelledAt), ElsaJson.Time(i.FaultedAt), new Dictionary<string, object>());
}

/// <summary><c>GET v1/workflow-instances/{id}</c>: the summary plus what the instance viewer colours and lists.</summary>
internal sealed record ElsaInstance(
    string Id, string DefinitionId, string DefinitionVersionId, int Version, string WorkflowStatus, string? CorrelationId, string? Name,
    string CreatedAt, string? LastExecutedAt, string? FinishedAt, string? CancelledAt, string? FaultedAt,
    DataBag Variables,
    IReadOnlyDictionary<string, Dictionary<string, object?>> ActivityData,
    IReadOnlyList<BlockingActivity> BlockingActivities,
    IReadOnlyList<ScheduledActivity> ScheduledActivities,
    IReadOnlyList<object> Scopes,
    ScheduledActivity? CurrentActivity,
    IReadOnlyList<ElsaFault> Faults,
    string? LastExecutedActivityId);

internal sealed record BlockingActivity(string ActivityId, string ActivityType, string? Tag = null);

internal sealed record ScheduledActivity(string ActivityId);

internal sealed record ElsaFault(ElsaException? Exception, string Message, string? FaultedActivityId, bool Resuming);

/// <summary>The exception an activity threw, as far as the store keeps it: its type and message (the stack trace is in the log).</summary>
internal sealed record ElsaException(string Type, string Message, string StackTrace)
{
    /// <summary>Null when the activity faulted by its own result rather than by throwing.</summary>
    public static ElsaException? From(InstanceSummary i) => i.FaultType is { } type ? new ElsaException(type, i.FaultMessage ?? "", StackTrace: "") : null;
}

/// <summary>One record of the execution log (oldest first); <c>data</c> keys are PascalCase, as Elsa writes them.</summary>
internal sealed record ExecutionLogRecord(
    string Id, string WorkflowInstanceId, string ActivityId, string ActivityType, string Timestamp, string EventName, string? Message, string? Source,
    IReadOnlyDictionary<string, JsonElement>? Data);

/// <summary>The popup of one activity in the instance viewer; durations in TimeSpan "c" format, which moment.js reads.</summary>
internal sealed record ActivityStats(
    IReadOnlyList<EventCount> EventCounts, string AverageExecutionTime, string FastestExecutionTime, string SlowestExecutionTime, string? LastExecutedAt, StatsFault? Fault);

internal sealed record EventCount(string EventName, int Count);

internal sealed record StatsFault(string Message);
