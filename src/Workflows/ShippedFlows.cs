using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saga.Engine.Definitions;

namespace Saga.Workflows;

/// <summary>
/// Publishes the flows that ship with saga. A flow is published when it is missing, and replaced when the published
/// version is an unmodified earlier shipped one; a version an operator edited (or a draft they are working on) is left alone.
/// </summary>
public sealed class ShippedFlows(IWorkflowDefinitions definitions)
{
    private const string ShippedKey = "shipped";

    public static IReadOnlyList<WorkflowDefinition> All() => [CalicoDowngradeFlow.Build(), ComputeNodeFlow.Build(), RestoreFlow.Build(), RestoreNodeFlow.Build()];

    public async Task EnsurePublishedAsync(CancellationToken cancellationToken)
    {
        foreach (var flow in All())
        {
            var hash = Hash(flow);
            flow.CustomAttributes = new JsonObject { [ShippedKey] = hash }.ToJsonString();
            try
            {
                await PublishIfDueAsync(flow, hash, cancellationToken);
            }
            catch (DefinitionConflictException)
            {
                // Several processes starting at once on a new store: another one saved it first. Look again.
                await PublishIfDueAsync(flow, hash, cancellationToken);
            }
        }
    }

    /// <summary>
    /// One line for each shipped flow whose published version is not the one this saga ships (edited in the designer,
    /// imported, or an earlier ship kept by a draft), naming the version a run follows; empty when all are as shipped.
    /// </summary>
    public async Task<IReadOnlyList<string>> NotAsShippedAsync(CancellationToken cancellationToken)
    {
        var notes = new List<string>();
        foreach (var flow in All())
        {
            var published = await definitions.GetAsync(flow.DefinitionId!, VersionOption.Published, cancellationToken);
            if (published is null || Hash(published) == Hash(flow))
                continue;
            var what = ShippedHash(published) == Hash(published) ? "is the flow an earlier saga shipped" : "was edited in the designer (or imported), not the flow this saga ships";
            notes.Add($"{flow.DefinitionId} version {published.Version} {what}; this run follows version {published.Version} " +
                      $"('saga definitions export {flow.DefinitionId} --version Published' shows it).");
        }

        return notes;
    }

    private async Task PublishIfDueAsync(WorkflowDefinition flow, string hash, CancellationToken cancellationToken)
    {
        var latest = await definitions.GetAsync(flow.DefinitionId!, VersionOption.Latest, cancellationToken);
        var unmodifiedOlderShip = latest is { IsPublished: true } && ShippedHash(latest) is { } recorded && recorded == Hash(latest) && recorded != hash;
        if (latest is null || unmodifiedOlderShip)
            await definitions.SaveAsync(flow, publish: true, expectedLatestVersion: latest?.Version ?? 0, cancellationToken);
    }

    private static string? ShippedHash(WorkflowDefinition definition)
    {
        try
        {
            return JsonNode.Parse(definition.CustomAttributes ?? "{}")?[ShippedKey]?.GetValue<string>();
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The steps and their wiring; what an operator's edit would change.</summary>
    private static string Hash(WorkflowDefinition flow) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { flow.Activities, flow.Connections }, DefinitionJson.Options))))[..16];
}
