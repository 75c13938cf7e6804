using Microsoft.EntityFrameworkCore;
using Saga.Engine.Persistence;

namespace Saga.Engine.Commands;

internal sealed class CommandJournal(IDbContextFactory<SagaDbContext> contexts) : ICommandJournal
{
    public async Task<IReadOnlyList<NodeCommand>> ListAsync(IReadOnlyCollection<string> instanceIds, CancellationToken cancellationToken)
    {
        if (instanceIds.Count == 0)
            return [];
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rows = await db.Commands.AsNoTracking().Where(c => instanceIds.Contains(c.InstanceId)).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return [.. rows.Select(c => new NodeCommand(c.Node, c.Command, c.ExitCode, c.StartedAt, TimeSpan.FromMilliseconds(c.DurationMs), c.Excerpt)
        {
            ActivityId = c.ActivityId,
            InstanceId = c.InstanceId,
        })];
    }

    public async Task<int> PruneAsync(string runId, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tree = await db.Instances.AsNoTracking().Where(i => i.Id == runId || i.CorrelationId == runId).Select(i => i.Id).ToListAsync(cancellationToken);
        for (var level = tree; level.Count > 0;)
        {
            level = await db.Instances.AsNoTracking().Where(i => i.ParentInstanceId != null && level.Contains(i.ParentInstanceId)).Select(i => i.Id).ToListAsync(cancellationToken);
            tree.AddRange(level);
        }

        var deleted = 0;
        foreach (var chunk in tree.Distinct(StringComparer.Ordinal).Chunk(500))
            deleted += await db.Commands.Where(c => chunk.Contains(c.InstanceId)).ExecuteDeleteAsync(cancellationToken);
        return deleted;
    }

    /// <summary>The row a checkpoint writes for <paramref name="command"/>.</summary>
    internal static CommandRecord ToRecord(string instanceId, string activityId, NodeCommand command) => new()
    {
        InstanceId = instanceId,
        ActivityId = activityId,
        Node = command.Node,
        Command = command.Command,
        ExitCode = command.ExitCode,
        StartedAt = command.StartedAt,
        DurationMs = (long)command.Duration.TotalMilliseconds,
        Excerpt = command.Excerpt,
    };
}
