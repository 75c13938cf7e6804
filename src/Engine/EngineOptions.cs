using System.ComponentModel.DataAnnotations;

namespace Saga.Engine;

/// <summary>Runner settings, bound from <c>Saga:Engine</c>.</summary>
public sealed class EngineOptions
{
    public const string SectionName = "Saga:Engine";

    /// <summary>How long a runner's claim on an instance lasts without renewal; renewed at a third of it.</summary>
    /// <value>Default: 30 seconds. A runner that died is taken over after this long (at once on the same machine).</value>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Characters of an activity's output kept in its journal entry (head and tail).</summary>
    /// <value>Default: 4096.</value>
    [Range(256, 1_048_576)]
    public int OutputExcerptLength { get; set; } = 4096;
}
