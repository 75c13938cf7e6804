using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Workflows;

namespace Saga.Host.Runs;

/// <summary>
/// Restores asked for over the bus (<c>RestoreNodes</c>) and the API (<c>POST /api/instances/{id}/restore</c>), planned and
/// refused by <see cref="RestoreLauncher"/> exactly as <c>saga restore</c> is, then run in the host's
/// <see cref="InstanceDriver"/>. A refusal is an <see cref="InstanceStateException"/> or <see cref="InstanceNotFoundException"/>
/// that says why; nothing has changed then.
/// </summary>
internal sealed class RestoreRequests(RestoreLauncher launcher, IWorkflowInstances instances, InstanceDriver driver)
{
    /// <summary>Why nodes and all do not say which nodes (exactly one of a non-empty list and all), or null when they do.</summary>
    public static string? Refusal(IReadOnlyList<string>? nodes, bool all)
    {
        var named = nodes ?? [];
        if (all && named.Count > 0)
            return "name nodes or ask for all of them, not both";
        if (!all && named.Count == 0)
            return "say which nodes to restore (a non-empty list of node names) or all";
        return named.Any(string.IsNullOrWhiteSpace) ? "a node name is empty" : null;
    }

    /// <summary>
    /// The restore of <paramref name="runId"/> created before as <paramref name="restoreId"/> (a redelivered command, a
    /// retried request), or null when there is none. Throws <see cref="InstanceStateException"/> when the id is another instance's.
    /// </summary>
    public async Task<InstanceSummary?> FindAsync(string runId, string restoreId, CancellationToken cancellationToken)
    {
        if (await instances.FindAsync(restoreId, cancellationToken) is not { } existing)
            return null;
        return existing.DefinitionId == RestoreFlow.DefinitionId && existing.CorrelationId == runId
            ? existing
            : throw new InstanceStateException($"restore id {restoreId} is the id of another instance; choose a new one");
    }

    /// <summary>What the restore would do; refused as <see cref="RestoreLauncher.PlanAsync"/> refuses it, or when <see cref="Refusal"/> says so.</summary>
    public Task<RestorePlan> PlanAsync(string runId, IReadOnlyList<string>? nodes, bool all, CancellationToken cancellationToken)
    {
        if (Refusal(nodes, all) is { } refusal)
            throw new InstanceStateException(refusal);
        return launcher.PlanAsync(runId, nodes ?? [], all, cancellationToken);
    }

    /// <summary>
    /// Creates the restore of <paramref name="plan"/> as <paramref name="restoreId"/> (null: a new id) and runs it in the
    /// background, kept as started by <paramref name="startedBy"/>. A restore created before under that id is only
    /// returned (<see cref="CreatedInstance.Existed"/>).
    /// </summary>
    public async Task<CreatedInstance> StartAsync(RestorePlan plan, string? restoreId, Actor startedBy, CancellationToken cancellationToken)
    {
        if (RestoreLauncher.IsEmpty(plan))
            throw new InstanceStateException($"run {plan.RunId} changed no node: there is nothing to restore");
        var created = await launcher.CreateAsync(plan, startedBy, restoreId, cancellationToken);
        if (!created.Existed)
            driver.Drive(created.InstanceId, "restore", (runner, token) => runner.RunAsync(created.InstanceId, token));
        return created;
    }
}
