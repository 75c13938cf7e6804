using Saga.Engine.Activities;
using Saga.Engine.Persistence;

namespace Saga.Engine.Runtime;

/// <summary>The journal's entries: one per activity run, and one per cancel and rewind.</summary>
internal static class JournalEntries
{
    public const string Executed = nameof(Executed);
    public const string Suspended = nameof(Suspended);
    public const string Faulted = nameof(Faulted);
    public const string Cancelled = nameof(Cancelled);
    public const string Rewound = nameof(Rewound);

    /// <summary>How an activity ended: outcome or bookmark, fault, what it did on each node, and a bounded excerpt of its output.</summary>
    public static JournalRecord Ran(string instanceId, string activityId, string? activityType, ActivityResult result, DateTime started, DateTime ended, int outputLimit) => new()
    {
        InstanceId = instanceId,
        ActivityId = activityId,
        ActivityType = activityType ?? "?",
        EventName = result switch
        {
            OutcomeResult => Executed,
            SuspendResult => Suspended,
            _ => Faulted,
        },
        StartedAt = started,
        EndedAt = ended,
        Outcome = result switch
        {
            OutcomeResult o => o.OutcomeName,
            SuspendResult s => s.Bookmark,
            _ => null,
        },
        Error = (result as FaultResult)?.Message,
        Output = OutputExcerpt.Bound(result.Output, outputLimit),
        NodesJson = NodeResultsJson.Write(result.Nodes),
    };

    public static JournalRecord Cancel(InstanceRecord record, string reason, DateTime now) => new()
    {
        InstanceId = record.Id,
        ActivityId = record.CurrentActivityId ?? "",
        ActivityType = "",
        EventName = Cancelled,
        StartedAt = now,
        EndedAt = now,
        Error = reason,
    };

    public static JournalRecord Rewind(InstanceRecord record, string start, DateTime now) => new()
    {
        InstanceId = record.Id,
        ActivityId = record.FaultActivityId ?? record.CurrentActivityId ?? start,
        ActivityType = "",
        EventName = Rewound,
        StartedAt = now,
        EndedAt = now,
        Outcome = start,
    };
}
