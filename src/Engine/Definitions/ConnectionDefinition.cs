using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saga.Engine.Definitions;

/// <summary>Follow <see cref="Outcome"/> of <see cref="SourceActivityId"/> to <see cref="TargetActivityId"/>.</summary>
public sealed class ConnectionDefinition
{
    public string SourceActivityId { get; set; } = "";

    public string TargetActivityId { get; set; } = "";

    public string Outcome { get; set; } = "";

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
