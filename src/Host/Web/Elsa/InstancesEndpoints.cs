using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Saga.Engine.Definitions;
using Saga.Engine.Instances;
using Saga.Host.Web.Operations;
using Saga.Host.Web.Security;

namespace Saga.Host.Web.Elsa;

/// <summary><c>v1/workflow-instances</c>: the instance list and viewer, with journal and faults; cancel and retry, one or many. Deleting is refused.</summary>
internal static class InstancesEndpoints
{
    /// <summary>Elsa's page size when the studio sends none.</summary>
    private const int DefaultPageSize = 25;

    /// <summary>The studio offers 5 to 100.</summary>
    private const int MaxPageSize = 100;

    public static RouteGroupBuilder MapInstancesApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("workflow-instances").RequireApiKey(); // journals, variables, faults: reading them needs a key too
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
        group.MapPost("{id}/cancel", async (string id, InstanceActions actions, CancellationToken ct) =>
            await actions.CancelAsync(id, ct) is { } outcome ? ElsaJson.Ok(CancelAnswer.From(outcome)) : Results.NotFound());
        group.MapPost("{id}/retry", async (string id, InstanceActions actions, CancellationToken ct) =>
            await actions.ResumeAsync(id, ct) ? Results.Accepted() : Results.NotFound());
        group.MapPost("bulk/cancel", async ([FromBody] BulkRequest request, InstanceActions actions, CancellationToken ct) =>
            ElsaJson.Ok(new { cancelledWorkflowCount = await actions.CancelEachAsync(request.WorkflowInstanceIds ?? [], ct) }));
        group.MapPost("bulk/retry", async ([FromBody] BulkRequest request, InstanceActions actions, CancellationToken ct) =>
            ElsaJson.Ok(new { scheduledWorkflowCount = await actions.ResumeEachAsync(request.WorkflowInstanceIds ?? [], ct) }));
        group.MapDelete("bulk", () => KeptAsTheRecord("They"));
        group.MapDelete("{id}", async (string id, IWorkflowInstances instances, CancellationToken ct) =>
            await instances.FindAsync(id, ct) is null ? Results.NotFound() : KeptAsTheRecord("It"));
        return v1;
    }

    /// <summary>
    /// Newest first by the chosen time; the store filters, counts and pages. Child instances (one per compute node) are
    /// listed when their workflow is asked for, so the top-level list stays one row per downgrade.
    /// </summary>
    private static async Task<IResult> ListAsync(
        IWorkflowInstances instances, CancellationToken ct, string? workflow = null, string? status = null, string? orderBy = null,
        string? searchTerm = null, string? correlationId = null, int? page = null, int? pageSize = null)
    {
        if (!InstanceStatusFilter.TryParse(status, out var wanted))
            return ElsaJson.Ok(new Paged<ElsaInstanceSummary>([], page, pageSize, 0)); // a status no instance of ours has, such as the studio's Idle
        var size = pageSize is > 0 ? Math.Min(pageSize.Value, MaxPageSize) : DefaultPageSize;
        var found = await instances.QueryAsync(new InstanceQuery
        {
            DefinitionId = workflow,
            Status = wanted,
            CorrelationId = correlationId,
            SearchTerm = searchTerm,
            IncludeChildren = workflow is not null,
            OrderBy = orderBy switch
            {
                "LastExecuted" => InstanceOrder.LastExecuted,
                "Finished" => InstanceOrder.Finished,
                _ => InstanceOrder.Created,
            },
            Skip = (int)Math.Min(int.MaxValue, (long)Math.Max(0, page ?? 0) * size),
            Take = size,
        }, ct);
        return ElsaJson.Ok(new Paged<ElsaInstanceSummary>(found.Items.Select(ElsaInstanceSummary.From).ToList(), page, pageSize, found.TotalCount));
    }

    /// <summary>Instances are never deleted: each is the record of what was done to a cluster, journal and all.</summary>
    private static IResult KeptAsTheRecord(string subject) => Results.Problem(
        $"Instances are kept as the record of what was done to the cluster, so they cannot be deleted. {subject} can be cancelled if {subject.ToLowerInvariant()} should not go on.",
        statusCode: StatusCodes.Status409Conflict, title: "Instances are not deleted");

    /// <summary>Body of the bulk actions; no ids means nothing to do.</summary>
    internal sealed record BulkRequest(IReadOnlyList<string>? WorkflowInstanceIds);
}
