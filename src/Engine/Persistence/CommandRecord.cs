namespace Saga.Engine.Persistence;

/// <summary>A remote command an activity ran on a node (<see cref="Commands.NodeCommand"/>), written with that activity's checkpoint.</summary>
internal sealed class CommandRecord
{
    public long Id { get; set; }

    public required string InstanceId { get; set; }

    public required string ActivityId { get; set; }

    public required string Node { get; set; }

    /// <summary>The command as plans show it, secrets masked, bounded.</summary>
    public required string Command { get; set; }

    /// <summary>Null when it ended without one (signal, timeout, lost connection).</summary>
    public int? ExitCode { get; set; }

    public DateTime StartedAt { get; set; }

    public long DurationMs { get; set; }

    /// <summary>Head and tail of both streams, secrets masked.</summary>
    public string? Excerpt { get; set; }
}
