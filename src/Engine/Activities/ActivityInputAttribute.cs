namespace Saga.Engine.Activities;

/// <summary>Marks a settable property as an input that definitions fill with an expression.</summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class ActivityInputAttribute : Attribute
{
    public string? Label { get; set; }

    /// <summary>Help text under the field in the designer.</summary>
    public string? Hint { get; set; }

    /// <summary>The designer's control (<see cref="UIHints"/>); derived from the property type when unset.</summary>
    public string? UIHint { get; set; }

    /// <summary>A value shown and used when the definition gives none.</summary>
    public object? DefaultValue { get; set; }

    /// <summary>Syntax of the plain control; derived from the control when unset.</summary>
    public string? DefaultSyntax { get; set; }

    /// <summary>Syntaxes offered by the designer's switcher; defaults to every syntax the engine evaluates.</summary>
    public string[]? SupportedSyntaxes { get; set; }

    /// <summary>Non-empty: the property goes on its own tab.</summary>
    public string? Category { get; set; }

    /// <summary>Choices for dropdowns (enum inputs get their members automatically).</summary>
    public string[]? Options { get; set; }
}
