using System.Text.Json.Serialization;

namespace Saga.Engine.Descriptors;

/// <summary>One input of an activity, in the shape of Elsa 2's input property descriptor.</summary>
public sealed record InputDescriptor
{
    public required string Name { get; init; }

    /// <summary>CLR type name, informational.</summary>
    public required string Type { get; init; }

    [JsonPropertyName("uiHint")]
    public required string UIHint { get; init; }

    public required string Label { get; init; }

    public string? Hint { get; init; }

    public object? Options { get; init; }

    public string? Category { get; init; }

    public int Order { get; init; }

    public object? DefaultValue { get; init; }

    public required string DefaultSyntax { get; init; }

    public required IReadOnlyList<string> SupportedSyntaxes { get; init; }

    public bool IsReadOnly { get; init; }

    public bool IsBrowsable { get; init; } = true;

    /// <summary>A run cannot start this activity without a value (C# <c>required</c> or [Required]).</summary>
    public bool IsRequired { get; init; }

    public bool DisableWorkflowProviderSelection { get; init; }

    public bool ConsiderValuesAsOutcomes { get; init; }
}
