namespace Saga.Engine.Expressions;

/// <summary>Expression syntaxes the engine evaluates.</summary>
public static class Syntaxes
{
    /// <summary>The text is the value, converted to the input's type.</summary>
    public const string Literal = nameof(Literal);

    /// <summary>The text is JSON, deserialized to the input's type.</summary>
    public const string Json = nameof(Json);

    /// <summary>The text names a workflow variable whose value is used.</summary>
    public const string Variable = nameof(Variable);

    public static IReadOnlyList<string> All { get; } = [Literal, Json, Variable];
}
