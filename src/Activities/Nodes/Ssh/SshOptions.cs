using System.ComponentModel.DataAnnotations;

namespace Saga.Activities.Nodes.Ssh;

/// <summary>How hard to try reaching a node, bound from <c>Saga:Ssh</c>. Timeouts are per node, in the inventory.</summary>
public sealed class SshOptions
{
    public const string SectionName = "Saga:Ssh";

    /// <summary>Connection attempts before a node counts as unreachable; only connection failures are retried.</summary>
    /// <value>Default: 3.</value>
    [Range(1, 10)]
    public int ConnectAttempts { get; set; } = 3;

    /// <summary>Wait before the second attempt; doubled for each later one.</summary>
    /// <value>Default: 1 second.</value>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);
}
