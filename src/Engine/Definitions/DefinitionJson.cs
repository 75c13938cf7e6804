using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Saga.Engine.Definitions;

/// <summary>Reads and writes definitions as Elsa 2 JSON: camelCase, nulls omitted, dictionary keys kept as written.</summary>
public static class DefinitionJson
{
    /// <summary>The serializer options for Elsa 2's wire shape.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, // JSON files people read; never embedded in HTML
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { KeepGivenNullSyntax } },
    };

    /// <summary>Parses a definition document; a malformed one throws <see cref="DefinitionValidationException"/>.</summary>
    public static WorkflowDefinition Parse(string json, string? source = null)
    {
        try
        {
            return JsonSerializer.Deserialize<WorkflowDefinition>(json, Options)
                   ?? throw new DefinitionValidationException([new DefinitionError(source ?? "definition", "the document is empty (null)")]);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line ? $" at line {line + 1}, position {ex.BytePositionInLine + 1}" : "";
            throw new DefinitionValidationException([new DefinitionError(source ?? "definition", $"not a valid definition document{where}: {ex.Message}")]);
        }
    }

    /// <summary>
    /// Nulls are omitted, except a property's <c>syntax</c> that was given as null: Elsa's designer writes it that way,
    /// and a definition must come back as it was written.
    /// </summary>
    private static void KeepGivenNullSyntax(JsonTypeInfo info)
    {
        if (info.Type != typeof(ActivityDefinitionProperty))
            return;
        var syntax = info.Properties.Single(p => p.Name == "syntax");
        syntax.ShouldSerialize = (owner, value) => value is not null || ((ActivityDefinitionProperty)owner).SyntaxGiven;
    }

    /// <summary>Writes a definition as indented Elsa 2 JSON.</summary>
    public static string Write(WorkflowDefinition definition) => JsonSerializer.Serialize(definition, Options);
}
