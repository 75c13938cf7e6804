using System.Text.Json;
using System.Text.Json.Nodes;

namespace Saga.Designer.Tests.Support;

/// <summary>
/// What the studio sent in a save against what the engine exports of that version, field by field. The engine may add
/// what it owns (ids, version number, flags, dates) and fill fields the studio left out with their defaults; any other
/// difference is a change the studio did not ask for.
/// </summary>
internal static class SaveRoundTrip
{
    private static readonly string[] ServerOwned = ["id", "versionId", "definitionId", "version", "isLatest", "isPublished", "createdAt", "tenantId"];
    private static readonly string[] RequestOnly = ["publish", "workflowDefinitionId"];

    public static IReadOnlyList<string> Differences(JsonNode sent, JsonNode exported)
    {
        var request = sent.DeepClone().AsObject();
        foreach (var key in RequestOnly)
            request.Remove(key);
        foreach (var activity in request["activities"]?.AsArray() ?? [])
            activity?.AsObject().Remove("category"); // the studio's palette category, which Elsa does not keep either
        var export = exported.DeepClone().AsObject();
        foreach (var key in ServerOwned)
            export.Remove(key);

        var differences = new List<string>();
        Compare(request, export, "$", differences);
        return differences;
    }

    private static void Compare(JsonNode? sent, JsonNode? exported, string path, List<string> differences)
    {
        switch (sent, exported)
        {
            case (JsonObject s, JsonObject e):
                foreach (var key in s.Select(p => p.Key).Union(e.Select(p => p.Key), StringComparer.Ordinal))
                {
                    var inSent = s.TryGetPropertyValue(key, out var sentValue);
                    var inExport = e.TryGetPropertyValue(key, out var exportedValue);
                    if (inSent && inExport)
                        Compare(sentValue, exportedValue, $"{path}.{key}", differences);
                    else if (inSent && !IsDefault(sentValue))
                        differences.Add($"{path}.{key}: sent {Text(sentValue)}, not exported");
                    else if (inExport && !IsDefault(exportedValue))
                        differences.Add($"{path}.{key}: exported {Text(exportedValue)}, never sent");
                }

                break;
            case (JsonArray s, JsonArray e):
                if (s.Count != e.Count)
                {
                    differences.Add($"{path}: {s.Count} items sent, {e.Count} exported");
                    break;
                }

                for (var i = 0; i < s.Count; i++)
                    Compare(s[i], e[i], $"{path}[{i}]", differences);
                break;
            default:
                if (!JsonNode.DeepEquals(sent, exported))
                    differences.Add($"{path}: sent {Text(sent)}, exported {Text(exported)}");
                break;
        }
    }

    /// <summary>What leaving a field out means: null, false, an empty object or array, or empty JSON text.</summary>
    private static bool IsDefault(JsonNode? node) => node switch
    {
        null => true,
        JsonObject o => o.Count == 0,
        JsonArray a => a.Count == 0,
        JsonValue v => v.GetValueKind() == JsonValueKind.False || (v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() is "" or "{}"),
        _ => false,
    };

    private static string Text(JsonNode? node) => node?.ToJsonString() ?? "null";
}
