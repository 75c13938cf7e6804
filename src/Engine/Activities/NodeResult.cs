using System.Text.Json.Serialization;

namespace Saga.Engine.Activities;

/// <summary>
/// What an activity did on one node, kept with its journal entry: the CLI (<c>saga status ID</c>), the API and the
/// studio's instance viewer show it. In JSON: <c>{"node": "c1", "result": "alreadyDone", "reason": "at 2.6"}</c>.
/// </summary>
/// <param name="Node">The node's name in the inventory.</param>
/// <param name="Result">What happened there.</param>
/// <param name="Reason">What was done, why nothing was, or what failed.</param>
public sealed record NodeResult(string Node, NodeResultKind Result, string Reason)
{
    /// <summary>What the step was about to change on the node and how to put it back (recorded before it acted); null when it changed nothing.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<UndoRecord>? Undo { get; init; }

    /// <summary>The step changed the node: <paramref name="what"/> it did.</summary>
    public static NodeResult Done(string node, string what) => new(node, NodeResultKind.Done, what);

    /// <summary>The step found its work already done (by an earlier attempt, or by hand), and changed nothing.</summary>
    public static NodeResult AlreadyDone(string node, string why) => new(node, NodeResultKind.AlreadyDone, why);

    /// <summary>The step does not apply to the node, and changed nothing.</summary>
    public static NodeResult Skipped(string node, string why) => new(node, NodeResultKind.Skipped, why);

    /// <summary>The step failed on the node.</summary>
    public static NodeResult Failed(string node, string error) => new(node, NodeResultKind.Failed, error);

    /// <summary>For transcripts: "already done: at 2.6", "skipped: ...", "failed: ...", or what was done.</summary>
    public string Describe() => Result switch
    {
        NodeResultKind.AlreadyDone => "already done: " + Reason,
        NodeResultKind.Skipped => "skipped: " + Reason,
        NodeResultKind.Failed => "failed: " + Reason,
        _ => Reason,
    };
}

/// <summary>What a step did on a node; in JSON as the member names say.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<NodeResultKind>))]
public enum NodeResultKind
{
    [JsonStringEnumMemberName("done")]
    Done,

    [JsonStringEnumMemberName("alreadyDone")]
    AlreadyDone,

    [JsonStringEnumMemberName("skipped")]
    Skipped,

    [JsonStringEnumMemberName("failed")]
    Failed,
}
