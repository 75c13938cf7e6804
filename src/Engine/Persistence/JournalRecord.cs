namespace Saga.Engine.Persistence;

/// <summary>One activity run: what ran, when, how it ended, what it did on each node, and a bounded excerpt of what it printed.</summary>
internal sealed class JournalRecord
{
    public long Id { get; set; }

    public required string InstanceId { get; set; }

    public required string ActivityId { get; set; }

    public required string ActivityType { get; set; }

    /// <summary>Executed, Suspended, Faulted or Cancelled.</summary>
    public required string EventName { get; set; }

    public DateTime StartedAt { get; set; }

    public DateTime EndedAt { get; set; }

    public string? Outcome { get; set; }

    public string? Output { get; set; }

    public string? Error { get; set; }

    /// <summary>What the activity did on each node it touched, as a JSON array (<see cref="NodeResultsJson"/>); null when it touched none.</summary>
    public string? NodesJson { get; set; }
}
