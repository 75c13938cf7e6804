using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saga.Engine.Definitions;

/// <summary>An input value: expression texts by syntax, and the syntax the author picked (null: the descriptor's default).</summary>
public sealed class ActivityDefinitionProperty
{
    public string Name { get; set; } = "";

    /// <summary>Null or absent: the descriptor's default syntax (the designer then shows its plain control).</summary>
    public string? Syntax { get; set; }

    public Dictionary<string, string?> Expressions { get; set; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
