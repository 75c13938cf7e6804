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

    /// <summary>Reads the body; a field of the wrong kind throws <see cref="SaveRequestException"/> naming it.</summary>
    public static SaveRequest Parse(JsonObject body)
    {
        var publish = body["publish"] switch
        {
            null => false,
            var node when node.GetValueKind() is JsonValueKind.True or JsonValueKind.False => node.GetValue<bool>(),
            _ => throw new SaveRequestException("publish", "publish must be true or false."),
        };
        var definitionId = body["workflowDefinitionId"] switch
        {
            null => null,
            var node when node.GetValueKind() == JsonValueKind.String => node.GetValue<string>(),
            _ => throw new SaveRequestException("workflowDefinitionId", "workflowDefinitionId must be a string."),
        };
        body.Remove("publish");
        body.Remove("workflowDefinitionId");
        if (body["activities"] is { } activities)
        {
            if (activities is not JsonArray list)
                throw new SaveRequestException("activities", "activities must be an array.");
            foreach (var activity in list)
                (activity as JsonObject)?.Remove("category");
        }

        var definition = Deserialize(body);
        if (!string.IsNullOrWhiteSpace(definitionId))
            definition.DefinitionId = definitionId;
        definition.PersistenceBehavior = Persistence(definition.PersistenceBehavior);
        DropLooseConnections(definition);
        return new SaveRequest(definition, publish);
    }

    private static WorkflowDefinition Deserialize(JsonObject body)
    {
        try
        {
            return body.Deserialize<WorkflowDefinition>(DefinitionJson.Options) ?? new WorkflowDefinition();
        }
        catch (JsonException ex)
        {
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "body" : ex.Path.TrimStart('$', '.');
            throw new SaveRequestException(field, $"{field} has the wrong kind of value: {ex.Message}", ex);
        }
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
