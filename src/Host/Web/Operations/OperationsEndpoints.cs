using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using Saga.Engine.Definitions;
using Saga.Engine.Instances;
using Saga.Host.Runs;
using Saga.Host.Web.Elsa;
using Saga.Host.Web.Security;
using Saga.Workflows.Reports;

namespace Saga.Host.Web.Operations;

/// <summary><c>/api</c>: what the studio has no place for: start a run with an inventory, resume, approve or reject, watch each node, restore a run's nodes, read its report.</summary>
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
        api.MapPost("instances/{id}/restore", RestoreAsync);
        api.MapGet("instances/{id}/report", ReportAsync);
        api.MapPost("instances/{id}/cancel", async (string id, InstanceActions actions, CancellationToken ct) =>
            await actions.CancelAsync(id, ct) is { } outcome ? ElsaJson.Ok(CancelAnswer.From(outcome)) : Results.NotFound());
        return endpoints;
    }

    /// <summary>
    /// Plans a restore of the run and, unless <see cref="RestoreRequest.PlanOnly"/>, starts it: 200 with the plan, or 202
    /// with the restore's id and its plan. Refused as <c>saga restore</c> refuses: 400 for a request that does not say
    /// which nodes, 404 for no such run, 409 for a run that may still move, another restore unfinished, a node the run
    /// does not have, or some nodes after the etcdv3 delete. The same X-Request-Id always gives the same restore.
    /// </summary>
    private static async Task<IResult> RestoreAsync(string id, [FromBody] RestoreRequest request, [FromHeader(Name = "X-Request-Id")] string? requestId,
        HttpContext http, RestoreRequests restores, CancellationToken ct)
    {
        if (RestoreRequests.Refusal(request.Nodes, request.All) is { } refusal)
            return Results.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["nodes"] = [refusal] }, title: "The restore was refused");
        var restoreId = string.IsNullOrWhiteSpace(requestId) || request.PlanOnly
            ? null
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"restore/{id}/{requestId}"))[..16]);
        if (restoreId is not null && await restores.FindAsync(id, restoreId, ct) is { } existing)
            return ElsaJson.Ok(new RestoreAnswer(existing.Id, null), StatusCodes.Status202Accepted); // a retried request: the restore it started goes on

        var plan = await restores.PlanAsync(id, request.Nodes, request.All, ct);
        if (request.PlanOnly)
            return ElsaJson.Ok(RestorePlanAnswer.From(plan));
        var created = await restores.StartAsync(plan, restoreId, ApiKeys.Caller(http), ct);
        return ElsaJson.Ok(new RestoreAnswer(created.InstanceId, RestorePlanAnswer.From(plan)), StatusCodes.Status202Accepted);
    }

    /// <summary>The run's report as <c>saga report</c> writes it: <c>format</c> html, markdown (default) or json, with its content type.</summary>
    /// <remarks>
    /// The HTML is one self-contained page with inline CSS and no scripts; opened on its own, the policy below keeps it
    /// so (a sandbox, nothing fetched). The operations page opens it from a Blob URL, which keeps the page's own policy.
    /// </remarks>
    private static async Task<IResult> ReportAsync(string id, HttpContext http, RunReportBuilder builder, CancellationToken ct, string? format = null)
    {
        if (!Enum.TryParse<ReportFormat>(format ?? nameof(ReportFormat.Markdown), ignoreCase: true, out var chosen) || !Enum.IsDefined(chosen) || int.TryParse(format, out _))
            return Results.ValidationProblem(new Dictionary<string, string[]>(StringComparer.Ordinal) { ["format"] = ["One of html, markdown, json."] }, title: "No such report format");
        var (_, text) = await RunReports.WriteAsync(builder, id, chosen, ct);
        http.Response.Headers.ContentSecurityPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return Results.Text(text, RunReports.ContentType(chosen));
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
