using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saga.Engine.Definitions;

/// <summary>One activity of a definition, as Elsa 2 stores it.</summary>
public sealed class ActivityDefinition
{
    public string ActivityId { get; set; } = "";

    /// <summary>Activity type name; matches a descriptor's type.</summary>
    public string Type { get; set; } = "";

    public string? Name { get; set; }

    public string? DisplayName { get; set; }

    public string? Description { get; set; }

    public int? X { get; set; }

    public int? Y { get; set; }

    public bool PersistWorkflow { get; set; }

    public bool LoadWorkflowContext { get; set; }

    public bool SaveWorkflowContext { get; set; }

    public List<ActivityDefinitionProperty> Properties { get; set; } = [];

    public Dictionary<string, string?>? PropertyStorageProviders { get; set; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>Label for messages: the display name if any, with the id.</summary>
    [JsonIgnore]
    public string Label => string.IsNullOrWhiteSpace(DisplayName) ? $"'{ActivityId}'" : $"'{DisplayName}' ({ActivityId})";
}
