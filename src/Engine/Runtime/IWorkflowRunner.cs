using System.Text.Json;

namespace Saga.Engine.Runtime;

/// <summary>Creates instances and drives them from checkpoint to checkpoint.</summary>
public interface IWorkflowRunner
{
    /// <summary>
    /// Creates an instance of the published version of <paramref name="definitionId"/>, positioned at its start. With
    /// <see cref="CreateInstanceOptions.InstanceId"/> given, an instance that already has that id (a redelivered
    /// message, a retried request, two of them at the same instant) is returned as it is, with
    /// <see cref="CreatedInstance.Existed"/> set: never a second one.
    /// </summary>
    /// <exception cref="InstanceStateException">The definition has no published version.</exception>
    Task<CreatedInstance> CreateAsync(string definitionId, IReadOnlyDictionary<string, JsonElement>? variables, CreateInstanceOptions? options, CancellationToken cancellationToken);

    /// <summary>
    /// Runs an instance until it finishes, faults, suspends or is cancelled. A new, interrupted or faulted instance
    /// continues at the activity that did not complete. Cancelling <paramref name="cancellationToken"/> interrupts
    /// the run without writing: the activity in flight runs again on the next resume. Anything an activity throws
    /// faults the instance with the exception's type and message.
    /// </summary>
    /// <exception cref="InstanceNotFoundException">There is no such instance.</exception>
    /// <exception cref="InstanceLeasedException">Another runner drives it.</exception>
    /// <exception cref="LeaseLostException">Another runner took it over while this one ran; this one stopped without writing.</exception>
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

    /// <summary>
    /// Cancels an instance and its children that have not ended, journalling it once; one that another runner drives
    /// is asked to stop at its next renewal (<see cref="RunOutcome.CancelAskedOf"/>), and that runner does the rest.
    /// </summary>
    Task<RunOutcome> CancelAsync(string instanceId, CancellationToken cancellationToken);
}

/// <summary>Optional settings of a new instance.</summary>
public sealed record CreateInstanceOptions(string? Name = null, string? CorrelationId = null, string? ParentInstanceId = null, string? InstanceId = null);

/// <summary>The instance <see cref="IWorkflowRunner.CreateAsync"/> gave.</summary>
/// <param name="InstanceId">Its id.</param>
/// <param name="Existed">It was there before this call (same id given twice): nothing was created.</param>
public sealed record CreatedInstance(string InstanceId, bool Existed);

/// <summary>The instance does not exist.</summary>
public sealed class InstanceNotFoundException : Exception
{
    public InstanceNotFoundException()
    {
    }

    public InstanceNotFoundException(string message)
        : base(message)
    {
    }

    public InstanceNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The id that was looked for, when known.</summary>
    public string? InstanceId { get; private init; }

    /// <summary>"There is no instance 'ID'."</summary>
    public static InstanceNotFoundException For(string instanceId) => new($"There is no instance '{instanceId}'.") { InstanceId = instanceId };
}

/// <summary>The instance cannot do what was asked in its state.</summary>
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
