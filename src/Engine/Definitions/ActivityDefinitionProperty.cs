using System.Text.Json;
using System.Text.Json.Serialization;

namespace Saga.Engine.Definitions;

/// <summary>An input value: expression texts by syntax, and the syntax the author picked (null: the descriptor's default).</summary>
public sealed class ActivityDefinitionProperty
{
    private string? syntax;

    public string Name { get; set; } = "";

    /// <summary>
    /// Null or absent: the descriptor's default syntax (the designer then shows its plain control). A document that
    /// wrote <c>"syntax": null</c> gets it back; one that left it out does not (see <see cref="DefinitionJson"/>).
    /// </summary>
    public string? Syntax
    {
        get => syntax;
        set
        {
            syntax = value;
            SyntaxGiven = true;
        }
    }

    public Dictionary<string, string?> Expressions { get; set; } = [];

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }

    /// <summary>Whether <see cref="Syntax"/> was set (read from a document or assigned), even to null.</summary>
    internal bool SyntaxGiven { get; private set; }
}
