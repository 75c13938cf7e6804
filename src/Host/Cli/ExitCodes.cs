namespace Saga.Host.Cli;

/// <summary>What <c>saga</c> returns; the README lists them.</summary>
internal static class ExitCodes
{
    /// <summary>Done: the command succeeded, or the instance finished.</summary>
    public const int Done = 0;

    /// <summary>The instance stopped Faulted; fix the cause, then <c>saga resume</c>.</summary>
    public const int Failed = 1;

    /// <summary>Bad input: wrong arguments, a refused definition or inventory, an unknown instance.</summary>
    public const int BadInput = 2;

    /// <summary>The instance waits for approval (or another bookmark).</summary>
    public const int Waiting = 3;

    /// <summary>The run was interrupted (Ctrl+C) or the instance was cancelled; any other cancellation is <see cref="Failed"/>.</summary>
    public const int Stopped = 4;

    /// <summary>The store is locked, corrupt or unreachable, or its disk is full, or another runner holds the instance.</summary>
    public const int Unavailable = 5;

    public const string Help = """
        Exit codes:
          0  done (the instance finished, or the command succeeded)
          1  failed (the instance is Faulted, by whatever a step threw; fix the cause, then saga resume ID)
          2  bad input (arguments, definition or inventory refused, unknown instance)
          3  waiting (the instance waits for an approval: saga approve ID)
          4  stopped (interrupted with Ctrl+C, or cancelled)
          5  unavailable (store locked, corrupt or unreachable, disk full, or another runner holds the instance)
        """;
}
