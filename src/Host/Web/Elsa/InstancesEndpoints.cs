using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Saga.Engine.Definitions;
using Saga.Engine.Instances;
using Saga.Host.Web.Operations;

namespace Saga.Host.Web.Elsa;

/// <summary><c>v1/workflow-instances</c>: the instance list and viewer, with journal and faults; cancel and retry.</summary>
internal static class InstancesEndpoints
{
    private const int ListLimit = 10_000;

    public static RouteGroupBuilder MapInstancesApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("workflow-instances");
        group.MapGet("", ListAsync);
        group.MapGet("{id}", async (string id, IWorkflowInstances instances, IWorkflowDefinitions definitions, CancellationToken ct) =>
        {
            if (await instances.GetAsync(id, ct) is not { } details)
                return Results.NotFound();
            var definition = await definitions.GetAsync(details.Summary.DefinitionId, VersionOption.Specific(details.Summary.DefinitionVersion), ct);
            return ElsaJson.Ok(InstanceMapper.ToElsa(details, definition));
        });
        group.MapGet("{id}/execution-log", async (string id, IWorkflowInstances instances, CancellationToken ct, int? page = null, int? pageSize = null) =>
            await instances.GetAsync(id, ct) is { } details ? ElsaJson.Ok(Paged<ExecutionLogRecord>.Of(InstanceMapper.ToLog(details), page, pageSize)) : Results.NotFound());
        group.MapGet("{id}/activity-stats/{activityId}", async (string id, string activityId, IWorkflowInstances instances, CancellationToken ct) =>
            await instances.GetAsync(id, ct) is { } details ? ElsaJson.Ok(InstanceMapper.ToStats(details, activityId)) : Results.NotFound());
        group.MapPost("{id}/cancel", async (string id, InstanceActions actions, CancellationToken ct) => ElsaJson.Ok(await actions.CancelAsync(id, ct)));
        group.MapPost("{id}/retry", async (string id, InstanceActions actions, CancellationToken ct) =>
            await actions.ResumeAsync(id, ct) ? Results.Accepted() : Results.NotFound());
        group.MapPost("bulk/cancel", async (BulkRequest request, InstanceActions actions, CancellationToken ct) =>
        {
            foreach (var id in request.WorkflowInstanceIds)
                await actions.CancelAsync(id, ct);
            return ElsaJson.Ok(new { cancelledWorkflowCount = request.WorkflowInstanceIds.Count });
        });
        group.MapPost("bulk/retry", async (BulkRequest request, InstanceActions actions, CancellationToken ct) =>
        {
            var count = 0;
            foreach (var id in request.WorkflowInstanceIds)
                count += await actions.ResumeAsync(id, ct) ? 1 : 0;
            return ElsaJson.Ok(new { scheduledWorkflowCount = count });
        });
        return v1;
    }

    /// <summary>
    /// Newest first by the chosen time. Child instances (one per compute node) are listed when their workflow is asked for,
    /// so the top-level list stays one row per downgrade.
    /// </summary>
    private static async Task<IResult> ListAsync(
        IWorkflowInstances instances, CancellationToken ct, string? workflow = null, InstanceStatus? status = null, string? orderBy = null,
        string? searchTerm = null, string? correlationId = null, int? page = null, int? pageSize = null)
    {
        IEnumerable<InstanceSummary> list = await instances.ListAsync(status, ListLimit, ct, includeChildren: workflow is not null);
        if (workflow is not null)
            list = list.Where(i => i.DefinitionId == workflow);
        if (correlationId is not null)
            list = list.Where(i => i.CorrelationId == correlationId);
        if (!string.IsNullOrWhiteSpace(searchTerm))
            list = list.Where(i => new[] { i.Id, i.Name, i.CorrelationId, i.DefinitionId }.Any(t => t?.Contains(searchTerm, StringComparison.OrdinalIgnoreCase) == true));
        list = orderBy switch
        {
            "LastExecuted" => list.OrderByDescending(i => i.LastExecutedAt),
            "Finished" => list.OrderByDescending(i => i.FinishedAt),
            _ => list.OrderByDescending(i => i.CreatedAt),
        };
        return ElsaJson.Ok(Paged<ElsaInstanceSummary>.Of(list.Select(ElsaInstanceSummary.From).ToList(), page, pageSize));
    }

    /// <summary>Body of the bulk actions.</summary>
    internal sealed record BulkRequest(IReadOnlyList<string> WorkflowInstanceIds);
}
