using Saga.Engine.Instances;

namespace Saga.Engine.Runtime;

/// <summary>Where a run (or a cancel) left an instance; each property says one thing, set only when it applies.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="Status">Its status now.</param>
/// <param name="ActivityId">The activity it stands at (faulted, waiting, or next), if any.</param>
public sealed record RunOutcome(string InstanceId, InstanceStatus Status, string? ActivityId)
{
    /// <summary>Suspended: the bookmark it waits on (<c>Approval</c> for a person's decision).</summary>
    public string? Bookmark { get; init; }

    /// <summary>Suspended on a bookmark that work elsewhere triggers, and a resume too (a fan-in).</summary>
    public bool ResumesOnRun { get; init; }

    /// <summary>Faulted: what failed.</summary>
    public RunFault? Fault { get; init; }

    /// <summary>The caller's cancellation stopped the run without writing; resume continues it.</summary>
    public bool Interrupted { get; init; }

    /// <summary>A cancel found another runner driving it and asked that runner (described for people) to stop.</summary>
    public string? CancelAskedOf { get; init; }

    /// <summary>One line for logs and messages.</summary>
    public string Describe() => Status switch
    {
        InstanceStatus.Faulted => Fault?.Message ?? "faulted",
        InstanceStatus.Suspended => $"waiting on '{Bookmark}'",
        InstanceStatus.Running when Interrupted => "interrupted; resume runs the activity again",
        InstanceStatus.Running when CancelAskedOf is not null => $"asked {CancelAskedOf} to stop; it cancels at its next lease renewal",
        _ => Status.ToString(),
    };
}

/// <summary>Why an instance faulted.</summary>
/// <param name="Message">What went wrong, for an operator.</param>
/// <param name="ExceptionType">The full name of the exception an activity threw; null when the activity reported the fault itself.</param>
public sealed record RunFault(string Message, string? ExceptionType);

/// <summary>Outcomes read off an instance's record.</summary>
internal static class RunOutcomes
{
    public static RunOutcome Of(Persistence.InstanceRecord record) => new(record.Id, record.Status, record.Status == InstanceStatus.Faulted ? record.FaultActivityId : record.CurrentActivityId)
    {
        Bookmark = record.Status == InstanceStatus.Suspended ? record.BookmarkName : null,
        ResumesOnRun = record.Status == InstanceStatus.Suspended && record.BookmarkResumesOnRun,
        Fault = record.Status == InstanceStatus.Faulted ? new RunFault(record.FaultMessage ?? "", record.FaultType) : null,
    };
}
