using System.Text.Json;
using Saga.Engine.Instances;

namespace Saga.Engine.Runtime;

/// <summary>Creates instances and drives them from checkpoint to checkpoint.</summary>
public interface IWorkflowRunner
{
    /// <summary>Creates an instance of the published version of <paramref name="definitionId"/>, positioned at its start.</summary>
    Task<string> CreateAsync(string definitionId, IReadOnlyDictionary<string, JsonElement>? variables, CreateInstanceOptions? options, CancellationToken cancellationToken);

    /// <summary>
    /// Runs an instance until it finishes, faults, suspends or is cancelled. A new, interrupted or faulted instance
    /// continues at the activity that did not complete. Cancelling <paramref name="cancellationToken"/> interrupts
    /// the run without writing: the activity in flight runs again on the next resume.
    /// </summary>
    Task<RunOutcome> RunAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Triggers the bookmark a suspended instance waits on, with a payload for the waiting activity, and runs on.</summary>
    Task<RunOutcome> TriggerAsync(string instanceId, string bookmark, JsonElement? payload, CancellationToken cancellationToken);

    /// <summary>
    /// Answers the bookmark a suspended instance waits on without running it: the instance becomes Running at the
    /// waiting activity with <paramref name="payload"/> kept for it, so the next <see cref="RunAsync"/> (or a host's
    /// recovery, should it stop first) runs on from there. Of several answers at once exactly one is taken; the others,
    /// and an answer to an instance not waiting on <paramref name="bookmark"/>, throw <see cref="InstanceStateException"/>.
    /// </summary>
    Task AnswerAsync(string instanceId, string bookmark, JsonElement? payload, CancellationToken cancellationToken);

    /// <summary>
    /// Moves a faulted or interrupted instance back to its start activity, so it runs its steps again from the
    /// beginning (steps that check before they act then report what is already done). Refused while a runner drives it.
    /// </summary>
    Task RewindAsync(string instanceId, CancellationToken cancellationToken);

    /// <summary>Cancels an instance; one that another runner drives is asked to stop at its next renewal.</summary>
    Task<RunOutcome> CancelAsync(string instanceId, CancellationToken cancellationToken);
}

/// <summary>Optional settings of a new instance.</summary>
public sealed record CreateInstanceOptions(string? Name = null, string? CorrelationId = null, string? ParentInstanceId = null, string? InstanceId = null);

/// <summary>Where a run left an instance.</summary>
/// <param name="InstanceId">The instance.</param>
/// <param name="Status">Its status now.</param>
/// <param name="ActivityId">The activity it stands at (faulted, waiting, or next), if any.</param>
/// <param name="Message">The fault, the bookmark waited on, or why nothing ran.</param>
/// <param name="Interrupted">True when the caller's cancellation stopped the run; resume continues it.</param>
public sealed record RunOutcome(string InstanceId, InstanceStatus Status, string? ActivityId, string? Message, bool Interrupted = false);

/// <summary>The instance does not exist, or cannot do what was asked in its state.</summary>
public sealed class InstanceStateException : Exception
{
    public InstanceStateException()
    {
    }

    public InstanceStateException(string message)
        : base(message)
    {
    }

    public InstanceStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
