namespace Saga.Engine.Definitions;

/// <summary>Versioned definitions, with Elsa 2's rules: one latest, at most one published, older versions kept.</summary>
public interface IWorkflowDefinitions
{
    /// <summary>
    /// Saves a draft: overwrites the latest version while it is unpublished, otherwise adds version max+1.
    /// With <paramref name="publish"/> that version also becomes the published one. Refused definitions throw
    /// <see cref="DefinitionValidationException"/> and write nothing; one that another writer saved at the same time
    /// throws <see cref="DefinitionConflictException"/>.
    /// </summary>
    Task<WorkflowDefinition> SaveAsync(WorkflowDefinition definition, bool publish, CancellationToken cancellationToken);

    /// <summary>
    /// Saves as <see cref="SaveAsync(WorkflowDefinition, bool, CancellationToken)"/> does, only if the definition's
    /// latest version is still <paramref name="expectedLatestVersion"/> (0: none yet); otherwise throws
    /// <see cref="DefinitionConflictException"/>, as when another writer saved the same version at the same time.
    /// </summary>
    Task<WorkflowDefinition> SaveAsync(WorkflowDefinition definition, bool publish, int expectedLatestVersion, CancellationToken cancellationToken);

    /// <summary>Publishes the current draft; null when there is no draft.</summary>
    Task<WorkflowDefinition?> PublishAsync(string definitionId, CancellationToken cancellationToken);

    /// <summary>Unpublishes the published version; null when none is published.</summary>
    Task<WorkflowDefinition?> RetractAsync(string definitionId, CancellationToken cancellationToken);

    /// <summary>Loads one version; null when there is none matching.</summary>
    Task<WorkflowDefinition?> GetAsync(string definitionId, VersionOption version, CancellationToken cancellationToken);

    /// <summary>Every version of a definition, newest first.</summary>
    Task<IReadOnlyList<DefinitionVersionInfo>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken);

    /// <summary>The latest and the published version of every definition.</summary>
    Task<IReadOnlyList<DefinitionVersionInfo>> ListAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The versions <paramref name="query"/> asks for, in full, loaded with one query: ordered by definition id, then
    /// newest first. <see cref="VersionOptionKind.Latest"/> here means the version flagged latest.
    /// </summary>
    Task<IReadOnlyList<WorkflowDefinition>> ListFullAsync(DefinitionQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes every version; returns how many there were.</summary>
    Task<int> DeleteAsync(string definitionId, CancellationToken cancellationToken);
}

/// <summary>A version row: what lists and histories show.</summary>
public sealed record DefinitionVersionInfo(
    string Id, string DefinitionId, int Version, bool IsLatest, bool IsPublished, string? Name, string? DisplayName, string? Description, DateTime CreatedAt);
