using System.Text.Json;
using Saga.Engine.Activities;

namespace Saga.Engine.Persistence;

/// <summary>A journal entry's node results as stored: <c>[{"node":"c1","result":"alreadyDone","reason":"at 2.6"}]</c>.</summary>
internal static class NodeResultsJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);

    /// <summary>The column's value; null when there is nothing to keep.</summary>
    public static string? Write(IReadOnlyList<NodeResult> nodes) => nodes.Count == 0 ? null : JsonSerializer.Serialize(nodes, Options);

    public static IReadOnlyList<NodeResult> Read(string? json) =>
        string.IsNullOrEmpty(json) ? [] : JsonSerializer.Deserialize<List<NodeResult>>(json, Options) ?? [];
}
