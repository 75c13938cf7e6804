namespace Saga.Engine.Persistence;

/// <summary>One version of a definition; <see cref="Json"/> holds the whole Elsa 2 document.</summary>
internal sealed class DefinitionRecord
{
    public required string Id { get; set; }

    public required string DefinitionId { get; set; }

    public int Version { get; set; }

    public bool IsLatest { get; set; }

    public bool IsPublished { get; set; }

    public string? Name { get; set; }

    public string? DisplayName { get; set; }

    public string? Description { get; set; }

    public DateTime CreatedAt { get; set; }

    public required string Json { get; set; }
}
