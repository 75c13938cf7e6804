namespace Saga.Engine.Definitions;

/// <summary>Another writer changed the definition since it was read (or saved the same version at the same time); nothing was written.</summary>
public sealed class DefinitionConflictException : Exception
{
    public DefinitionConflictException()
    {
    }

    public DefinitionConflictException(string message)
        : base(message)
    {
    }

    public DefinitionConflictException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The definition, when known.</summary>
    public string? DefinitionId { get; private init; }

    internal static DefinitionConflictException For(string definitionId, Exception? inner)
    {
        var message = $"Definition '{definitionId}' was changed by someone else while this version was saved; load it again and retry.";
        return inner is null
            ? new DefinitionConflictException(message) { DefinitionId = definitionId }
            : new DefinitionConflictException(message, inner) { DefinitionId = definitionId };
    }
}
