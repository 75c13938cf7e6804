namespace Saga.Engine.Descriptors;

/// <summary>An activity as the Elsa 2 designer's palette describes it (GET v1/activities).</summary>
public sealed record ActivityDescriptor
{
    public required string Type { get; init; }

    public required string DisplayName { get; init; }

    public string? Description { get; init; }

    public required string Category { get; init; }

    /// <summary>Elsa's [Flags] ActivityTraits as a number: 1 Action, 2 Trigger, 4 Job. The studio needs a number here.</summary>
    public int Traits { get; init; } = 1;

    public required IReadOnlyList<string> Outcomes { get; init; }

    public required IReadOnlyList<InputDescriptor> InputProperties { get; init; }

    public IReadOnlyList<OutputDescriptor> OutputProperties { get; init; } = [];

    public IReadOnlyDictionary<string, object> CustomAttributes { get; init; } = new Dictionary<string, object>();
}

/// <summary>An output property (the designer only uses these for its Storage tab).</summary>
public sealed record OutputDescriptor(string Name, string? Type = null, bool DisableWorkflowProviderSelection = false);
