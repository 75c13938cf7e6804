using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Saga.Engine.Persistence;

namespace Saga.Engine.Definitions;

internal sealed class WorkflowDefinitions(IDbContextFactory<SagaDbContext> contexts, DefinitionValidator validator, TimeProvider time) : IWorkflowDefinitions
{
    private const string DefaultName = "New Workflow";

    public Task<WorkflowDefinition> SaveAsync(WorkflowDefinition definition, bool publish, CancellationToken cancellationToken) =>
        SaveAsync(definition, publish, expectedLatestVersion: null, cancellationToken);

    public Task<WorkflowDefinition> SaveAsync(WorkflowDefinition definition, bool publish, int expectedLatestVersion, CancellationToken cancellationToken) =>
        SaveAsync(definition, publish, (int?)expectedLatestVersion, cancellationToken);

    private async Task<WorkflowDefinition> SaveAsync(WorkflowDefinition definition, bool publish, int? expectedLatestVersion, CancellationToken cancellationToken)
    {
        Normalize(definition);
        validator.ThrowIfInvalid(definition, publish);

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var definitionId = definition.DefinitionId ??= Guid.NewGuid().ToString("N");
        var versions = await db.Definitions.Where(d => d.DefinitionId == definitionId).ToListAsync(cancellationToken);
        var latest = versions.FirstOrDefault(v => v.IsLatest) ?? versions.MaxBy(v => v.Version);
        if (expectedLatestVersion is { } expected && (latest?.Version ?? 0) != expected)
            throw DefinitionConflictException.For(definitionId, null);

        DefinitionRecord target;
        if (latest is { IsPublished: false })
        {
            target = latest;
        }
        else
        {
            target = new DefinitionRecord
            {
                Id = Guid.NewGuid().ToString("N"),
                DefinitionId = definitionId,
                Version = (versions.Count == 0 ? 0 : versions.Max(v => v.Version)) + 1,
                CreatedAt = time.GetUtcNow().UtcDateTime,
                Json = "",
            };
            db.Definitions.Add(target);
            latest?.IsLatest = false;
        }

        target.IsLatest = true;
        if (publish)
        {
            foreach (var other in versions.Where(v => v != target))
                other.IsPublished = false;
            target.IsPublished = true;
        }

        definition.CreatedAt ??= target.CreatedAt.ToString("O", CultureInfo.InvariantCulture);
        Store(target, definition);
        await SaveAsync(db, definitionId, cancellationToken);
        return Overlay(definition, target);
    }

    public async Task<WorkflowDefinition?> PublishAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var versions = await db.Definitions.Where(d => d.DefinitionId == definitionId).ToListAsync(cancellationToken);
        var draft = versions.FirstOrDefault(v => v.IsLatest && !v.IsPublished);
        if (draft is null)
            return null;

        var definition = Read(draft);
        validator.ThrowIfInvalid(definition, publishing: true);
        foreach (var other in versions)
            other.IsPublished = other == draft;
        await SaveAsync(db, definitionId, cancellationToken);
        return Read(draft);
    }

    public async Task<WorkflowDefinition?> RetractAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var published = await db.Definitions.SingleOrDefaultAsync(d => d.DefinitionId == definitionId && d.IsPublished, cancellationToken);
        if (published is null)
            return null;
        published.IsPublished = false;
        await SaveAsync(db, definitionId, cancellationToken);
        return Read(published);
    }

    public async Task<WorkflowDefinition?> GetAsync(string definitionId, VersionOption version, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Definitions.AsNoTracking().Where(d => d.DefinitionId == definitionId);
        var record = version.Kind switch
        {
            VersionOptionKind.Latest => await query.OrderByDescending(d => d.IsLatest).ThenByDescending(d => d.Version).FirstOrDefaultAsync(cancellationToken),
            VersionOptionKind.Published => await query.FirstOrDefaultAsync(d => d.IsPublished, cancellationToken),
            VersionOptionKind.Draft => await query.FirstOrDefaultAsync(d => d.IsLatest && !d.IsPublished, cancellationToken),
            VersionOptionKind.LatestOrPublished => await query.Where(d => d.IsLatest || d.IsPublished).OrderByDescending(d => d.IsLatest).FirstOrDefaultAsync(cancellationToken),
            _ => await query.FirstOrDefaultAsync(d => d.Version == version.Number, cancellationToken),
        };
        return record is null ? null : Read(record);
    }

    public async Task<IReadOnlyList<DefinitionVersionInfo>> ListVersionsAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Definitions.AsNoTracking().Where(d => d.DefinitionId == definitionId).OrderByDescending(d => d.Version)
            .Select(d => new DefinitionVersionInfo(d.Id, d.DefinitionId, d.Version, d.IsLatest, d.IsPublished, d.Name, d.DisplayName, d.Description, d.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DefinitionVersionInfo>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Definitions.AsNoTracking().Where(d => d.IsLatest || d.IsPublished)
            .OrderBy(d => d.DefinitionId).ThenByDescending(d => d.Version)
            .Select(d => new DefinitionVersionInfo(d.Id, d.DefinitionId, d.Version, d.IsLatest, d.IsPublished, d.Name, d.DisplayName, d.Description, d.CreatedAt))
            .ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<WorkflowDefinition>> ListFullAsync(DefinitionQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var versions = db.Definitions.AsNoTracking();
        if (query.DefinitionIds is { } ids)
            versions = versions.Where(d => ids.Contains(d.DefinitionId));
        if (query.Version is { } option)
        {
            versions = option.Kind switch
            {
                VersionOptionKind.Latest => versions.Where(d => d.IsLatest),
                VersionOptionKind.Published => versions.Where(d => d.IsPublished),
                VersionOptionKind.Draft => versions.Where(d => d.IsLatest && !d.IsPublished),
                VersionOptionKind.LatestOrPublished => versions.Where(d => d.IsLatest || d.IsPublished),
                _ => versions.Where(d => d.Version == option.Number),
            };
        }

        if (!string.IsNullOrWhiteSpace(query.SearchTerm))
        {
            // lower() on both sides: SQLite's instr() and PostgreSQL's strpos() are case-sensitive.
            var term = query.SearchTerm.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // the StringComparison overload has no SQL translation; ToLower() does
            versions = versions.Where(d => d.DefinitionId.ToLower().Contains(term) || (d.Name != null && d.Name.ToLower().Contains(term))
                                           || (d.DisplayName != null && d.DisplayName.ToLower().Contains(term))
                                           || (d.Description != null && d.Description.ToLower().Contains(term)));
#pragma warning restore CA1862
        }

        var records = await versions.OrderBy(d => d.DefinitionId).ThenByDescending(d => d.Version).ToListAsync(cancellationToken);
        return records.Select(Read).ToList();
    }

    public async Task<int> DeleteAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Definitions.Where(d => d.DefinitionId == definitionId).ExecuteDeleteAsync(cancellationToken);
    }

    private static async Task SaveAsync(SagaDbContext db, string definitionId, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (SqliteErrors.IsConstraintViolation(ex.InnerException) || PostgresErrors.IsConstraintViolation(ex.InnerException))
        {
            throw DefinitionConflictException.For(definitionId, ex);
        }
    }

    private static void Normalize(WorkflowDefinition definition)
    {
        definition.DefinitionId = string.IsNullOrWhiteSpace(definition.DefinitionId) ? null : definition.DefinitionId.Trim();
        definition.Name = string.IsNullOrWhiteSpace(definition.Name) ? DefaultName : definition.Name.Trim();
        definition.DisplayName = definition.DisplayName?.Trim();
        definition.Tag = definition.Tag?.Trim();
        definition.Channel = definition.Channel?.Trim();
        definition.PersistenceBehavior = definition.PersistenceBehavior?.Trim(); // the studio sends " WorkflowBurst"
        definition.Variables = string.IsNullOrWhiteSpace(definition.Variables) ? "{}" : definition.Variables;
        definition.CustomAttributes = string.IsNullOrWhiteSpace(definition.CustomAttributes) ? "{}" : definition.CustomAttributes;
    }

    private static void Store(DefinitionRecord record, WorkflowDefinition definition)
    {
        Overlay(definition, record);
        record.Name = definition.Name;
        record.DisplayName = definition.DisplayName;
        record.Description = definition.Description;
        record.Json = DefinitionJson.Write(definition);
    }

    /// <summary>The columns are the truth for identity and flags; the document carries everything else.</summary>
    private static WorkflowDefinition Read(DefinitionRecord record) =>
        Overlay(DefinitionJson.Parse(record.Json, $"definition '{record.DefinitionId}' version {record.Version}"), record);

    private static WorkflowDefinition Overlay(WorkflowDefinition definition, DefinitionRecord record)
    {
        definition.Id = record.Id;
        if (definition.VersionId is not null)
            definition.VersionId = record.Id;
        definition.DefinitionId = record.DefinitionId;
        definition.Version = record.Version;
        definition.IsLatest = record.IsLatest;
        definition.IsPublished = record.IsPublished;
        return definition;
    }
}
