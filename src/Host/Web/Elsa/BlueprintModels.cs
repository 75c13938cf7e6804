using System.Text.Json;
using Saga.Engine.Definitions;

namespace Saga.Host.Web.Elsa;

/// <summary>A registry list item (<c>id</c> is the definition id; the instance list joins on <c>versionId</c>).</summary>
internal sealed record BlueprintSummary(
    string Id, string VersionId, string? Name, string? DisplayName, string? Description, int Version, bool IsSingleton, bool IsPublished, bool IsLatest, bool IsDisabled)
{
    public static BlueprintSummary From(WorkflowDefinition d) =>
        new(d.DefinitionId!, d.Id!, d.Name, d.DisplayName, d.Description, d.Version, d.IsSingleton, d.IsPublished, d.IsLatest, IsDisabled: false);
}

/// <summary>Elsa's wrapper for variable-like bags in blueprints and instances: <c>{"data": {...}}</c>.</summary>
internal sealed record DataBag(IReadOnlyDictionary<string, JsonElement> Data)
{
    public static DataBag Empty { get; } = new(new Dictionary<string, JsonElement>());

    public static DataBag FromJsonText(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
            return Empty;
        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? new DataBag(document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal))
            : Empty;
    }
}

/// <summary>One activity of a blueprint: <c>id</c> (not activityId) and its inputs as they are written.</summary>
internal sealed record BlueprintActivity(
    string Id, string? Name, string? DisplayName, string? Description, string Type, bool PersistWorkflow, bool LoadWorkflowContext, bool SaveWorkflowContext,
    DataBag InputProperties, DataBag OutputProperties, int? X, int? Y)
{
    public static BlueprintActivity From(ActivityDefinition a) => new(
        a.ActivityId, a.Name, a.DisplayName, a.Description, a.Type, a.PersistWorkflow, a.LoadWorkflowContext, a.SaveWorkflowContext,
        new DataBag(a.Properties.ToDictionary(p => p.Name, p => JsonSerializer.SerializeToElement(p.Expressions.GetValueOrDefault(p.Syntax ?? "Literal") ?? p.Expressions.Values.FirstOrDefault()), StringComparer.Ordinal)),
        DataBag.Empty, a.X, a.Y);
}

/// <summary>The read-only graph of one version (<c>GET v1/workflow-registry/{id}/{version}</c>).</summary>
internal sealed record Blueprint(
    string Id, string VersionId, string? Name, string? DisplayName, string? Description, int Version, bool IsSingleton, bool IsPublished, bool IsLatest,
    bool IsDisabled, bool IsEnabled, string PersistenceBehavior, JsonElement? ContextOptions, bool DeleteCompletedInstances, DataBag Variables,
    DataBag CustomAttributes, string Type, bool PersistWorkflow, bool LoadWorkflowContext, bool SaveWorkflowContext, DataBag InputProperties,
    DataBag OutputProperties, IReadOnlyList<BlueprintActivity> Activities, IReadOnlyList<ConnectionDefinition> Connections)
{
    public static Blueprint From(WorkflowDefinition d) => new(
        d.DefinitionId!, d.Id!, d.Name, d.DisplayName, d.Description, d.Version, d.IsSingleton, d.IsPublished, d.IsLatest, IsDisabled: false, IsEnabled: true,
        DefinitionSummary.From(d).PersistenceBehavior, d.ContextOptions, d.DeleteCompletedInstances, DataBag.FromJsonText(d.Variables), DataBag.FromJsonText(d.CustomAttributes),
        "Workflow", PersistWorkflow: false, LoadWorkflowContext: false, SaveWorkflowContext: false, DataBag.Empty, DataBag.Empty,
        d.Activities.Select(BlueprintActivity.From).ToList(), d.Connections);
}
