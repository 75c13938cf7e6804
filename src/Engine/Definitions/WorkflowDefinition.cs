using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saga.Engine.Definitions;

/// <summary>
/// A workflow definition in Elsa 2's JSON shape. Fields this engine does not interpret are kept in
/// <see cref="Extra"/> so a document written by Elsa or its designer round-trips unchanged.
/// </summary>
public sealed class WorkflowDefinition
{
    /// <summary>Version id: unique per version.</summary>
    public string? Id { get; set; }

    /// <summary>Stable id across versions.</summary>
    public string? DefinitionId { get; set; }

    /// <summary>Elsa emits the version id twice; kept when present.</summary>
    public string? VersionId { get; set; }

    public string? Name { get; set; }

    public string? DisplayName { get; set; }

    public string? Description { get; set; }

    public string? Tag { get; set; }

    public string? Channel { get; set; }

    /// <summary>1-based version number.</summary>
    public int Version { get; set; }

    public bool IsLatest { get; set; }

    public bool IsPublished { get; set; }

    /// <summary>Workflow variables as JSON text (Elsa's definition endpoints carry them as a string).</summary>
    public string? Variables { get; set; }

    /// <summary>Custom attributes as JSON text.</summary>
    public string? CustomAttributes { get; set; }

    public bool IsSingleton { get; set; }

    public bool DeleteCompletedInstances { get; set; }

    public string? PersistenceBehavior { get; set; }

    /// <summary>ISO-8601 text, kept as written.</summary>
    public string? CreatedAt { get; set; }

    public string? TenantId { get; set; }

    public JsonElement? ContextOptions { get; set; }

    public List<ActivityDefinition> Activities { get; set; } = [];

    public List<ConnectionDefinition> Connections { get; set; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>Parses <see cref="Variables"/>; an empty or missing text is an empty object.</summary>
    public IReadOnlyDictionary<string, JsonElement> ParseVariables()
    {
        if (string.IsNullOrWhiteSpace(Variables))
            return new Dictionary<string, JsonElement>();
        using var document = JsonDocument.Parse(Variables);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
            throw new JsonException("variables must be a JSON object");
        return document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal);
    }
}
