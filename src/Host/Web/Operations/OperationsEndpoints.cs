using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Saga.Engine.Definitions;
using Saga.Engine.Instances;
using Saga.Host.Web.Elsa;
using Saga.Host.Web.Security;

namespace Saga.Host.Web.Operations;

/// <summary><c>/api</c>: what the studio has no place for: start a run with an inventory, resume, approve or reject, watch each node.</summary>
internal static class OperationsEndpoints
{
    public const string Prefix = "/api";

    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup(Prefix).RequireApiKey(); // runs, nodes and journals: every call needs a key
        api.MapPost("runs", async ([FromBody] StartRun request, [FromHeader(Name = "X-Request-Id")] string? requestId, InstanceActions actions,
            IOptions<ReservedVariables> reserved, HttpContext http, CancellationToken ct) =>
        {
            if (request.Errors(reserved.Value) is { Count: > 0 } errors)
                return Results.ValidationProblem(errors, title: "The run was not started");
            var id = await actions.StartAsync(request, requestId, ApiKeys.Caller(http), ct);
            return Results.Json(new { id }, ElsaJson.Options, statusCode: StatusCodes.Status202Accepted);
        });
        api.MapGet("instances", ListAsync);
        api.MapGet("instances/{id}", GetAsync);
        api.MapPost("instances/{id}/resume", async (string id, InstanceActions actions, CancellationToken ct) =>
            await actions.ResumeAsync(id, ct) ? Results.Accepted() : Results.NotFound());
        api.MapPost("instances/{id}/approval", async (string id, [FromBody] ApprovalDecision decision, InstanceActions actions, HttpContext http, CancellationToken ct) =>
        {
            if (decision.Errors() is { Count: > 0 } errors)
                return Results.ValidationProblem(errors, title: "The decision was refused");
            return await actions.DecideAsync(id, decision.Approved!.Value, decision, ApiKeys.Caller(http), ct) ? Results.Accepted() : Results.NotFound();
        });
        api.MapPost("instances/{id}/cancel", async (string id, InstanceActions actions, CancellationToken ct) =>
            await actions.CancelAsync(id, ct) is { } outcome ? ElsaJson.Ok(CancelAnswer.From(outcome)) : Results.NotFound());
        return endpoints;
    }

    /// <summary>The runs and their node counts in two queries: the page polls this every two seconds.</summary>
    private static async Task<IResult> ListAsync(IWorkflowInstances instances, TimeProvider time, CancellationToken ct, InstanceStatus? status = null, int limit = 50)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var runs = await instances.ListAsync(status, Math.Clamp(limit, 1, 500), ct);
        var nodes = await instances.CountChildrenAsync(runs.Select(r => r.Id).ToList(), ct);
        return ElsaJson.Ok(runs.Select(r => OperatorRun.From(r, now, nodes.GetValueOrDefault(r.Id))).ToList());
    }

    private static async Task<IResult> GetAsync(string id, IWorkflowInstances instances, TimeProvider time, CancellationToken ct)
    {
        if (await instances.GetAsync(id, ct) is not { } details)
            return Results.NotFound();
        var now = time.GetUtcNow().UtcDateTime;
        var children = await instances.ListChildrenAsync(id, ct);
        var counts = children.GroupBy(c => c.Status).ToDictionary(g => g.Key, g => g.Count());
        return ElsaJson.Ok(new OperatorRunDetails(
            OperatorRun.From(details.Summary, now, counts), children.Select(c => OperatorNode.From(c, now)).ToList(), details.Journal.Select(OperatorStep.From).ToList()));
    }
}
