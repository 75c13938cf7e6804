using System.Text.Json;
using System.Text.Json.Nodes;
using Saga.Engine.Definitions;

namespace Saga.Host.Web.Elsa;

/// <summary>
/// The body of <c>POST v1/workflow-definitions</c> as the studio sends it: the definition's fields plus
/// <c>workflowDefinitionId</c> and <c>publish</c>, and per activity a <c>category</c> that Elsa does not keep either.
/// </summary>
internal sealed record SaveRequest(WorkflowDefinition Definition, bool Publish)
{
    public const string DefaultPersistence = "WorkflowBurst";

    public static SaveRequest Parse(JsonObject body)
    {
        var publish = body["publish"]?.GetValue<bool>() ?? false;
        var definitionId = body["workflowDefinitionId"]?.GetValue<string>();
        body.Remove("publish");
        body.Remove("workflowDefinitionId");
        foreach (var activity in body["activities"]?.AsArray() ?? [])
            (activity as JsonObject)?.Remove("category");

        var definition = body.Deserialize<WorkflowDefinition>(DefinitionJson.Options) ?? new WorkflowDefinition();
        if (!string.IsNullOrWhiteSpace(definitionId))
            definition.DefinitionId = definitionId;
        definition.PersistenceBehavior = Persistence(definition.PersistenceBehavior);
        DropLooseConnections(definition);
        return new SaveRequest(definition, publish);
    }

    /// <summary>The studio sends " WorkflowBurst" (a stray space in its enum) and knows values Elsa 2.12 does not.</summary>
    private static string Persistence(string? value) => value?.Trim() switch
    {
        "Suspended" or "WorkflowBurst" or "ActivityExecuted" => value.Trim(),
        _ => DefaultPersistence,
    };

    /// <summary>As Elsa does on save: connections to missing activities or without an outcome are dropped.</summary>
    private static void DropLooseConnections(WorkflowDefinition definition)
    {
        var ids = definition.Activities.Select(a => a.ActivityId).ToHashSet(StringComparer.Ordinal);
        definition.Connections.RemoveAll(c => !ids.Contains(c.SourceActivityId) || !ids.Contains(c.TargetActivityId) || string.IsNullOrWhiteSpace(c.Outcome));
    }
}
