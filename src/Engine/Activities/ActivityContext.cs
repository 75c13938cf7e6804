using System.Text.Json;
using System.Text.Json.Nodes;

namespace Saga.Engine.Activities;

/// <summary>What an activity sees of its instance: ids, variables, the payload it was resumed with, and the clock.</summary>
public sealed class ActivityContext
{
    private readonly JsonObject variables;

    internal ActivityContext(string instanceId, string activityId, JsonObject variables, JsonElement? resumePayload, TimeProvider time)
    {
        InstanceId = instanceId;
        ActivityId = activityId;
        this.variables = variables;
        ResumePayload = resumePayload;
        Time = time;
    }

    public string InstanceId { get; }

    public string ActivityId { get; }

    /// <summary>Set when the activity runs again because its bookmark was triggered.</summary>
    public JsonElement? ResumePayload { get; }

    /// <summary>True when the activity runs because its bookmark was triggered.</summary>
    public bool IsResuming => ResumePayload.HasValue;

    public TimeProvider Time { get; }

    /// <summary>Reads a workflow variable; missing gives default.</summary>
    public T? GetVariable<T>(string name) =>
        variables.TryGetPropertyValue(name, out var node) && node is not null ? node.Deserialize<T>(VariableJson.Options) : default;

    /// <summary>Sets a workflow variable; saved with the activity's checkpoint.</summary>
    public void SetVariable<T>(string name, T value) => variables[name] = JsonSerializer.SerializeToNode(value, VariableJson.Options);
}

internal static class VariableJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web);
}
