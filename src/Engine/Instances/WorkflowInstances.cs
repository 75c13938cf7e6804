using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Saga.Engine.Persistence;

namespace Saga.Engine.Instances;

internal sealed class WorkflowInstances(IDbContextFactory<SagaDbContext> contexts) : IWorkflowInstances
{
    private static readonly Expression<Func<InstanceRecord, InstanceSummary>> ToSummary = i => new InstanceSummary(
        i.Id, i.DefinitionId, i.DefinitionVersionId, i.DefinitionVersion, i.Name, i.Status, i.CurrentActivityId, i.BookmarkName,
        i.FaultActivityId, i.FaultMessage, i.CreatedAt, i.LastExecutedAt, i.FinishedAt, i.FaultedAt, i.CancelledAt,
        i.LeaseOwner, i.LeaseExpiresAt, i.CorrelationId, i.ParentInstanceId, i.BookmarkResumesOnRun, i.FaultType);

    /// <summary><see cref="ToSummary"/> compiled once: each compile emits a dynamic method the finalizer must reclaim.</summary>
    private static readonly Func<InstanceRecord, InstanceSummary> Summarize = ToSummary.Compile();

    public async Task<IReadOnlyList<InstanceSummary>> ListAsync(InstanceStatus? status, int limit, CancellationToken cancellationToken, bool includeChildren = false)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var query = db.Instances.AsNoTracking();
        if (!includeChildren)
            query = query.Where(i => i.ParentInstanceId == null);
        if (status is { } s)
            query = query.Where(i => i.Status == s);
        return await query.OrderByDescending(i => i.CreatedAt).Take(limit).Select(ToSummary).ToListAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<InstanceSummary>> ListChildrenAsync(string parentInstanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Instances.AsNoTracking().Where(i => i.ParentInstanceId == parentInstanceId).OrderBy(i => i.CreatedAt).ThenBy(i => i.Name)
            .Select(ToSummary).ToListAsync(cancellationToken);
    }

    public async Task<InstanceDetails?> GetAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var record = await db.Instances.AsNoTracking().SingleOrDefaultAsync(i => i.Id == instanceId, cancellationToken);
        if (record is null)
            return null;
        var journal = await db.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Id).ToListAsync(cancellationToken);
        return new InstanceDetails(Summarize(record), record.VariablesJson, journal.Select(ToEntry).ToList());
    }

    public async Task<InstanceSummary?> FindAsync(string instanceId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Instances.AsNoTracking().Where(i => i.Id == instanceId).Select(ToSummary).SingleOrDefaultAsync(cancellationToken);
    }

    public async Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var matching = Filter(db.Instances.AsNoTracking(), query);
        var total = await matching.CountAsync(cancellationToken);
        var sorted = query.OrderBy switch
        {
            InstanceOrder.LastExecuted => matching.OrderByDescending(i => i.LastExecutedAt),
            InstanceOrder.Finished => matching.OrderByDescending(i => i.FinishedAt),
            _ => matching.OrderByDescending(i => i.CreatedAt),
        };
        var items = await sorted.ThenByDescending(i => i.CreatedAt).ThenBy(i => i.Id)
            .Skip(Math.Max(0, query.Skip)).Take(Math.Max(0, query.Take)).Select(ToSummary).ToListAsync(cancellationToken);
        return new InstancePage(items, total);
    }

    public async Task<IReadOnlyDictionary<string, IReadOnlyDictionary<InstanceStatus, int>>> CountChildrenAsync(
        IReadOnlyCollection<string> parentInstanceIds, CancellationToken cancellationToken)
    {
        if (parentInstanceIds.Count == 0)
            return new Dictionary<string, IReadOnlyDictionary<InstanceStatus, int>>();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Instances.AsNoTracking().Where(i => i.ParentInstanceId != null && parentInstanceIds.Contains(i.ParentInstanceId))
            .GroupBy(i => new { i.ParentInstanceId, i.Status }).Select(g => new { g.Key.ParentInstanceId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ParentInstanceId!, StringComparer.Ordinal).ToDictionary(
            g => g.Key, IReadOnlyDictionary<InstanceStatus, int> (g) => g.ToDictionary(r => r.Status, r => r.Count), StringComparer.Ordinal);
    }

    public async Task<int> CountNotEndedAsync(string definitionId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Instances.AsNoTracking()
            .CountAsync(i => i.DefinitionId == definitionId && i.Status != InstanceStatus.Finished && i.Status != InstanceStatus.Cancelled, cancellationToken);
    }

    private static JournalEntry ToEntry(JournalRecord j) =>
        new(j.Id, j.ActivityId, j.ActivityType, j.EventName, j.StartedAt, j.EndedAt, j.Outcome, j.Output, j.Error, NodeResultsJson.Read(j.NodesJson));

    private static IQueryable<InstanceRecord> Filter(IQueryable<InstanceRecord> instances, InstanceQuery query)
    {
        if (!query.IncludeChildren)
            instances = instances.Where(i => i.ParentInstanceId == null);
        if (query.DefinitionId is { } definitionId)
            instances = instances.Where(i => i.DefinitionId == definitionId);
        if (query.Status is { } status)
            instances = instances.Where(i => i.Status == status);
        if (query.CorrelationId is { } correlationId)
            instances = instances.Where(i => i.CorrelationId == correlationId);
        if (!string.IsNullOrWhiteSpace(query.SearchTerm))
        {
            // lower() on both sides: SQLite's instr() and PostgreSQL's strpos() are case-sensitive.
            var term = query.SearchTerm.Trim().ToLowerInvariant();
#pragma warning disable CA1862 // the StringComparison overload has no SQL translation; ToLower() does
            instances = instances.Where(i => i.Id.ToLower().Contains(term) || i.DefinitionId.ToLower().Contains(term)
                                             || (i.Name != null && i.Name.ToLower().Contains(term))
                                             || (i.CorrelationId != null && i.CorrelationId.ToLower().Contains(term)));
#pragma warning restore CA1862
        }

        return instances;
    }
}
