namespace Saga.Engine.Activities;

/// <summary>
/// What an activity reports; the runner decides what follows. It is one of three kinds, each with what it carries:
/// <see cref="OutcomeResult"/> (the outcome to follow), <see cref="SuspendResult"/> (the bookmark to wait on) and
/// <see cref="FaultResult"/> (what went wrong). Any of them may say what the activity did on each node it touched.
/// </summary>
public abstract record ActivityResult
{
    /// <summary>The outcome of activities that have only one.</summary>
    public const string Done = nameof(Done);

    /// <summary>The payload an activity sees when its run-resumable bookmark is picked up again by a resume.</summary>
    public const string RestartedPayload = """{"restarted":true}""";

    private protected ActivityResult(string? output) => Output = output;

    public abstract ActivityResultKind Kind { get; }

    /// <summary>What the activity ran and saw; the journal keeps a bounded excerpt.</summary>
    public string? Output { get; init; }

    /// <summary>What the activity did on each node it touched, kept with its journal entry; empty when it touched none.</summary>
    public IReadOnlyList<NodeResult> Nodes { get; init; } = [];

    /// <summary>Continue along the connections labelled <paramref name="outcome"/>.</summary>
    public static ActivityResult Outcome(string outcome, string? output = null) => new OutcomeResult(outcome, output);

    /// <summary>The single outcome <see cref="Done"/>.</summary>
    public static ActivityResult Completed(string? output = null) => Outcome(Done, output);

    /// <summary>Suspend the instance until <paramref name="bookmark"/> is triggered; the activity then runs again with the payload.</summary>
    public static ActivityResult Suspend(string bookmark, string? output = null) => new SuspendResult(bookmark, ResumesOnRun: false, output);

    /// <summary>
    /// Suspend on a bookmark that work elsewhere triggers (a fan-in), and that a resume of the instance triggers too,
    /// with <see cref="RestartedPayload"/>, so the activity can pick up work whose messages were lost with a crash.
    /// </summary>
    public static ActivityResult Wait(string bookmark, string? output = null) => new SuspendResult(bookmark, ResumesOnRun: true, output);

    /// <summary>Stop the instance as Faulted at this activity; resume runs it again.</summary>
    public static ActivityResult Fault(string message, string? output = null) => new FaultResult(message, ExceptionType: null, output);
}

/// <summary>The activity completed: the instance continues along the connections labelled <see cref="OutcomeName"/>.</summary>
/// <param name="OutcomeName">The outcome taken (one of the activity's declared outcomes).</param>
/// <param name="Output">What the activity ran and saw.</param>
public sealed record OutcomeResult(string OutcomeName, string? Output = null) : ActivityResult(Output)
{
    public override ActivityResultKind Kind => ActivityResultKind.Outcome;
}

/// <summary>The instance waits on <see cref="Bookmark"/>; when it is triggered the activity runs again with the payload.</summary>
/// <param name="Bookmark">What the instance waits on (<c>Approval</c>, a fan-in's name).</param>
/// <param name="ResumesOnRun">A resume of the instance triggers the bookmark too (fan-ins), not only its own messages.</param>
/// <param name="Output">What the activity ran and saw.</param>
public sealed record SuspendResult(string Bookmark, bool ResumesOnRun, string? Output = null) : ActivityResult(Output)
{
    public override ActivityResultKind Kind => ActivityResultKind.Suspend;
}

/// <summary>The activity failed: the instance stops Faulted at it, and resume runs it again.</summary>
/// <param name="Message">What went wrong, for an operator.</param>
/// <param name="ExceptionType">The full name of the exception the activity threw; null when it reported the fault itself.</param>
/// <param name="Output">What the activity ran and saw.</param>
public sealed record FaultResult(string Message, string? ExceptionType, string? Output = null) : ActivityResult(Output)
{
    public override ActivityResultKind Kind => ActivityResultKind.Fault;

    /// <summary>The fault of an activity that threw <paramref name="exception"/>: its type and message.</summary>
    public static FaultResult From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new FaultResult(exception.Message, exception.GetType().FullName);
    }
}

public enum ActivityResultKind
{
    Outcome,
    Suspend,
    Fault,
}
