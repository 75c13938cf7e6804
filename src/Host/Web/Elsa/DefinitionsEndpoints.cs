using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Saga.Engine.Definitions;
using Saga.Engine.Instances;

namespace Saga.Host.Web.Elsa;

/// <summary><c>v1/workflow-definitions</c>: list, versions, load, save draft or publish, unpublish, revert, delete, export, import.</summary>
internal static class DefinitionsEndpoints
{
    public static RouteGroupBuilder MapDefinitionsApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("workflow-definitions");
        group.MapGet("", ListAsync);
        group.MapPost("", SaveAsync);
        group.MapGet("{definitionId}/history", async (string definitionId, IWorkflowDefinitions definitions, CancellationToken ct) =>
            ElsaJson.Ok(new { items = (await definitions.ListVersionsAsync(definitionId, ct)).Select(VersionRow.From) }));
        group.MapGet("{definitionId}/{version}", GetAsync);
        group.MapPost("{definitionId}/publish", async (string definitionId, IWorkflowDefinitions definitions, CancellationToken ct) =>
            Accepted(await definitions.PublishAsync(definitionId, ct)));
        group.MapPost("{definitionId}/retract", async (string definitionId, IWorkflowDefinitions definitions, CancellationToken ct) =>
            Accepted(await definitions.RetractAsync(definitionId, ct)));
        group.MapPost("{definitionId}/revert/{version:int}", RevertAsync);
        group.MapDelete("{definitionId}/{version}", DeleteAsync);
        group.MapPost("{definitionId}/{version:int}/export", ExportAsync);
        group.MapPost("{definitionId}/import", ImportAsync).DisableAntiforgery();
        return v1;
    }

    /// <summary>Definitions are few: the store filters them, the page is cut here so a definition's latest and published versions stay together.</summary>
    private static async Task<IResult> ListAsync(
        IWorkflowDefinitions definitions, CancellationToken ct, string? version = null, int? page = null, int? pageSize = null, string? searchTerm = null, string? ids = null)
    {
        if (!VersionFilter.TryParse(version ?? nameof(VersionOptionKind.LatestOrPublished), out var filter))
            return VersionFilter.Problem(version);
        var wanted = ids?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var list = await definitions.ListFullAsync(filter.Query(wanted, searchTerm), ct);
        return ElsaJson.Ok(Paged<DefinitionSummary>.Of(list.Select(DefinitionSummary.From).ToList(), page, pageSize));
    }

    private static async Task<IResult> GetAsync(string definitionId, string version, IWorkflowDefinitions definitions, CancellationToken ct)
    {
        if (!VersionOption.TryParse(version, out var option))
            return VersionFilter.Problem(version);
        return await definitions.GetAsync(definitionId, option, ct) is { } definition ? ElsaJson.Ok(definition) : Results.NotFound();
    }

    /// <summary>201 when the save created the definition, 200 when it changed one; the body is always the saved version in full.</summary>
    private static async Task<IResult> SaveAsync([FromBody] JsonObject body, IWorkflowDefinitions definitions, CancellationToken ct)
    {
        var request = SaveRequest.Parse(body);
        var existed = request.Definition.DefinitionId is { } id && (await definitions.ListVersionsAsync(id, ct)).Count > 0;
        var saved = await definitions.SaveAsync(request.Definition, request.Publish, ct);
        return ElsaJson.Ok(saved, existed ? StatusCodes.Status200OK : StatusCodes.Status201Created);
    }

    /// <summary>Makes version N's content the new draft.</summary>
    private static async Task<IResult> RevertAsync(string definitionId, int version, IWorkflowDefinitions definitions, CancellationToken ct)
    {
        if (await definitions.GetAsync(definitionId, VersionOption.Specific(version), ct) is not { } old)
            return Results.NotFound();
        return ElsaJson.Ok(await definitions.SaveAsync(old, publish: false, ct));
    }

    /// <summary>
    /// Every version at once, and only when no instance of the definition may still run: a running, waiting or faulted
    /// instance needs its version to go on (or to be resumed). Instances are kept, unlike Elsa, as the record of the run.
    /// </summary>
    private static async Task<IResult> DeleteAsync(string definitionId, string version, IWorkflowDefinitions definitions, IWorkflowInstances instances, CancellationToken ct)
    {
        if (!string.Equals(version, VersionFilter.All, StringComparison.OrdinalIgnoreCase))
            return Results.Problem($"Only every version of a definition can be deleted ({VersionFilter.All}); older versions are kept for the instances that ran them.", statusCode: StatusCodes.Status400BadRequest);
        if (await instances.CountNotEndedAsync(definitionId, ct) is > 0 and var inUse)
        {
            return Results.Problem(
                $"{inUse} instance(s) of '{definitionId}' have not ended (running, waiting or faulted) and need its versions to go on. Cancel them, or let them finish, then delete it.",
                statusCode: StatusCodes.Status409Conflict, title: "The definition is in use");
        }

        return await definitions.DeleteAsync(definitionId, ct) > 0 ? Results.Accepted() : Results.NotFound();
    }

    private static async Task<IResult> ExportAsync(string definitionId, int version, IWorkflowDefinitions definitions, CancellationToken ct)
    {
        if (await definitions.GetAsync(definitionId, VersionOption.Specific(version), ct) is not { } definition)
            return Results.NotFound();
        return Results.File(System.Text.Encoding.UTF8.GetBytes(DefinitionJson.Write(definition)), "application/json", $"{definitionId}-v{version}.json");
    }

    private static async Task<IResult> ImportAsync(string definitionId, IFormFile file, IWorkflowDefinitions definitions, CancellationToken ct)
    {
        using var reader = new StreamReader(file.OpenReadStream());
        var definition = DefinitionJson.Parse(await reader.ReadToEndAsync(ct), file.FileName);
        definition.DefinitionId = definitionId;
        return ElsaJson.Ok(await definitions.SaveAsync(definition, publish: false, ct));
    }

    private static IResult Accepted(WorkflowDefinition? definition) =>
        definition is null ? Results.NotFound() : ElsaJson.Ok(definition, StatusCodes.Status202Accepted);
}
