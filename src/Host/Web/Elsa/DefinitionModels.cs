using Saga.Engine.Definitions;

namespace Saga.Host.Web.Elsa;

/// <summary>An item of <c>GET v1/workflow-definitions</c>: a version without its activities.</summary>
internal sealed record DefinitionSummary(
    string Id, string DefinitionId, string? TenantId, string? Name, string? DisplayName, string? Description, int Version,
    bool IsSingleton, string PersistenceBehavior, bool IsPublished, bool IsLatest, string CustomAttributes, string? CreatedAt)
{
    public static DefinitionSummary From(WorkflowDefinition d) => new(
        d.Id!, d.DefinitionId!, d.TenantId, d.Name, d.DisplayName, d.Description, d.Version, d.IsSingleton,
        string.IsNullOrWhiteSpace(d.PersistenceBehavior) ? SaveRequest.DefaultPersistence : d.PersistenceBehavior, d.IsPublished, d.IsLatest,
        string.IsNullOrWhiteSpace(d.CustomAttributes) ? "{}" : d.CustomAttributes, d.CreatedAt);
}

/// <summary>An item of <c>…/{id}/history</c>, newest first.</summary>
internal sealed record VersionRow(string Id, string DefinitionId, int Version, bool IsLatest, bool IsPublished, string CreatedAt)
{
    public static VersionRow From(DefinitionVersionInfo v) => new(v.Id, v.DefinitionId, v.Version, v.IsLatest, v.IsPublished, ElsaJson.Time(v.CreatedAt));
}
