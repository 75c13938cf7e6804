using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Saga.Engine.Definitions;

namespace Saga.Host.Web.Elsa;

/// <summary><c>v1/workflow-registry</c>: what the instance screens and the registry screen draw; every definition comes from the store.</summary>
internal static class RegistryEndpoints
{
    /// <summary>Our only workflow provider: the store.</summary>
    public const string Provider = "Store";

    public static RouteGroupBuilder MapRegistryApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("workflow-registry");
        group.MapGet("", async (IWorkflowDefinitions definitions, CancellationToken ct, string? version = null) =>
            VersionFilter.TryParse(version ?? VersionFilter.All, out var filter)
                ? ElsaJson.Ok((await definitions.ListFullAsync(filter.Query(), ct)).Select(BlueprintSummary.From).ToList())
                : VersionFilter.Problem(version));
        group.MapGet("by-provider/{provider}", async (string provider, IWorkflowDefinitions definitions, CancellationToken ct, string? version = null, int? page = null, int? pageSize = null) =>
        {
            if (!VersionFilter.TryParse(version ?? nameof(VersionOptionKind.Latest), out var filter))
                return VersionFilter.Problem(version);
            var list = provider == Provider ? (await definitions.ListFullAsync(filter.Query(), ct)).Select(BlueprintSummary.From).ToList() : [];
            return ElsaJson.Ok(Paged<BlueprintSummary>.Of(list, page, pageSize));
        });
        group.MapGet("{definitionId}/{version}", async (string definitionId, string version, IWorkflowDefinitions definitions, CancellationToken ct) =>
            VersionOption.TryParse(version, out var option) && await definitions.GetAsync(definitionId, option, ct) is { } definition
                ? ElsaJson.Ok(Blueprint.From(definition))
                : Results.NotFound());
        return v1;
    }
}
