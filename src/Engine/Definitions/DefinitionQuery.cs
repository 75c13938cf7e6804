namespace Saga.Engine.Definitions;

/// <summary>Which versions of which definitions to load (<see cref="IWorkflowDefinitions.ListFullAsync"/>).</summary>
public sealed record DefinitionQuery
{
    /// <summary>Which version of each definition: latest, published, draft, latest-or-published or a number; null means every version.</summary>
    public VersionOption? Version { get; init; }

    /// <summary>Only these definitions; null means all of them.</summary>
    public IReadOnlyCollection<string>? DefinitionIds { get; init; }

    /// <summary>Text found, ignoring case, in the definition id, name, display name or description; null or blank matches all.</summary>
    public string? SearchTerm { get; init; }
}
