using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Saga.Engine.Persistence;

namespace Saga.Engine.Instances;

internal sealed class WorkflowInstances(IDbContextFactory<SagaDbContext> contexts) : IWorkflowInstances
{
    private static readonly Expression<Func<InstanceRecord, InstanceSummary>> ToSummary = i => new InstanceSummary(
        i.Id, i.DefinitionId, i.DefinitionVersionId, i.DefinitionVersion, i.Name, i.Status, i.CurrentActivityId, i.BookmarkName,
        i.FaultActivityId, i.FaultMessage, i.CreatedAt, i.LastExecutedAt, i.FinishedAt, i.FaultedAt, i.CancelledAt,
        i.LeaseOwner, i.LeaseExpiresAt, i.CorrelationId, i.ParentInstanceId, i.BookmarkResumesOnRun);

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
        var journal = await db.Journal.AsNoTracking().Where(j => j.InstanceId == instanceId).OrderBy(j => j.Id)
            .Select(j => new JournalEntry(j.Id, j.ActivityId, j.ActivityType, j.EventName, j.StartedAt, j.EndedAt, j.Outcome, j.Output, j.Error))
            .ToListAsync(cancellationToken);
        return new InstanceDetails(ToSummary.Compile()(record), record.VariablesJson, journal);
    }
}
