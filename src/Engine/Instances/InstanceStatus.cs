namespace Saga.Engine.Instances;

/// <summary>Where an instance stands. Names match Elsa 2's WorkflowStatus.</summary>
public enum InstanceStatus
{
    /// <summary>Created or being driven by a runner; with an expired lease it was interrupted and can be resumed.</summary>
    Running,

    /// <summary>Waiting on a bookmark (an approval, a fan-in).</summary>
    Suspended,

    Finished,

    /// <summary>Stopped at an activity that failed; resume runs that activity again.</summary>
    Faulted,

    Cancelled,
}
