namespace Saga.Engine.Activities;

/// <summary>What an activity reports; the runner decides what follows.</summary>
public sealed record ActivityResult
{
    /// <summary>The outcome of activities that have only one.</summary>
    public const string Done = nameof(Done);

    /// <summary>The payload an activity sees when its run-resumable bookmark is picked up again by a resume.</summary>
    public const string RestartedPayload = """{"restarted":true}""";

    private ActivityResult(ActivityResultKind kind, string name, string? output, bool resumesOnRun = false)
    {
        Kind = kind;
        Name = name;
        Output = output;
        ResumesOnRun = resumesOnRun;
    }

    public ActivityResultKind Kind { get; }

    /// <summary>The outcome, the bookmark, or the fault message, by <see cref="Kind"/>.</summary>
    public string Name { get; }

    /// <summary>What the activity ran and saw; the journal keeps a bounded excerpt.</summary>
    public string? Output { get; }

    /// <summary>For <see cref="Wait"/>: a resume of the instance triggers the bookmark itself.</summary>
    public bool ResumesOnRun { get; }

    /// <summary>Continue along the connections labelled <paramref name="outcome"/>.</summary>
    public static ActivityResult Outcome(string outcome, string? output = null) => new(ActivityResultKind.Outcome, outcome, output);

    /// <summary>The single outcome <see cref="Done"/>.</summary>
    public static ActivityResult Completed(string? output = null) => Outcome(Done, output);

    /// <summary>Suspend the instance until <paramref name="bookmark"/> is triggered; the activity then runs again with the payload.</summary>
    public static ActivityResult Suspend(string bookmark, string? output = null) => new(ActivityResultKind.Suspend, bookmark, output);

    /// <summary>
    /// Suspend on a bookmark that work elsewhere triggers (a fan-in), and that a resume of the instance triggers too,
    /// with <see cref="RestartedPayload"/>, so the activity can pick up work whose messages were lost with a crash.
    /// </summary>
    public static ActivityResult Wait(string bookmark, string? output = null) => new(ActivityResultKind.Suspend, bookmark, output, resumesOnRun: true);

    /// <summary>Stop the instance as Faulted at this activity; resume runs it again.</summary>
    public static ActivityResult Fault(string message, string? output = null) => new(ActivityResultKind.Fault, message, output);
}

public enum ActivityResultKind
{
    Outcome,
    Suspend,
    Fault,
}
