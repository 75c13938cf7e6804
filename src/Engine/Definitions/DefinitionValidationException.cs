namespace Saga.Engine.Definitions;

/// <summary>One thing wrong with a definition: where (activity, property or connection) and what.</summary>
public sealed record DefinitionError(string Where, string Message)
{
    public override string ToString() => $"{Where}: {Message}";
}

/// <summary>A definition was refused; nothing was written to the store.</summary>
public sealed class DefinitionValidationException : Exception
{
    public DefinitionValidationException(IReadOnlyList<DefinitionError> errors)
        : base("The definition was refused:" + Environment.NewLine + string.Join(Environment.NewLine, errors.Select(e => "  - " + e)))
    {
        Errors = errors;
    }

    public DefinitionValidationException()
        : this([])
    {
    }

    public DefinitionValidationException(string message)
        : this([new DefinitionError("definition", message)])
    {
    }

    public DefinitionValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [new DefinitionError("definition", message)];
    }

    public IReadOnlyList<DefinitionError> Errors { get; } = [];
}
