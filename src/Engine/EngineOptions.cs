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

    /// <summary>Remote commands an instance keeps in the journal (text, exit code, start, duration, excerpt); later ones are counted in the activity's output but not kept.</summary>
    /// <value>Default: 5000 (a compute node's run uses a few dozen; the cluster run's preflight a few per node). 0 keeps none.</value>
    [Range(0, 1_000_000)]
    public int CommandsPerInstance { get; set; } = 5000;

    /// <summary>Characters of a remote command's output (both streams, head and tail) kept with it.</summary>
    /// <value>Default: 600.</value>
    [Range(0, 65_536)]
    public int CommandExcerptLength { get; set; } = 600;
}
