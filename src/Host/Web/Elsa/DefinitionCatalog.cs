using Saga.Engine.Definitions;

namespace Saga.Host.Web.Elsa;

/// <summary>Versions of every definition that match a filter, loaded in full, ordered by definition then newest first.</summary>
internal sealed class DefinitionCatalog(IWorkflowDefinitions definitions)
{
    public async Task<IReadOnlyList<WorkflowDefinition>> ListAsync(VersionFilter filter, CancellationToken cancellationToken)
    {
        IEnumerable<DefinitionVersionInfo> rows = await definitions.ListAsync(cancellationToken);
        if (filter.NeedsEveryVersion)
        {
            var every = new List<DefinitionVersionInfo>();
            foreach (var definitionId in rows.Select(r => r.DefinitionId).Distinct(StringComparer.Ordinal))
                every.AddRange(await definitions.ListVersionsAsync(definitionId, cancellationToken));
            rows = every;
        }

        var result = new List<WorkflowDefinition>();
        foreach (var row in rows.Where(filter.Matches))
        {
            if (await definitions.GetAsync(row.DefinitionId, VersionOption.Specific(row.Version), cancellationToken) is { } definition)
                result.Add(definition);
        }

        return result;
    }
}
