namespace Saga.Engine.Commands;

/// <summary>
/// A command an activity ran on a node, as the journal keeps it: the text as plans show it and the output excerpt
/// with secrets masked (<see cref="Secrets.SecretMask"/>) and both bounded; never what the command read on its input.
/// </summary>
/// <param name="Node">The node's name in the inventory.</param>
/// <param name="Command">The command as plans show it, masked.</param>
/// <param name="ExitCode">Its exit code; null when it ended without one (a signal, a timeout, a lost connection).</param>
/// <param name="StartedAt">When it started (UTC).</param>
/// <param name="Duration">How long it took.</param>
/// <param name="Excerpt">The head and tail of what it printed (both streams), masked; null when not kept (a file read).</param>
public sealed record NodeCommand(string Node, string Command, int? ExitCode, DateTime StartedAt, TimeSpan Duration, string? Excerpt)
{
    /// <summary>The activity that ran it; set when read from the journal.</summary>
    public string? ActivityId { get; init; }

    /// <summary>The instance whose activity ran it; set when read from the journal.</summary>
    public string? InstanceId { get; init; }
}
