using System.Text.Json.Serialization;

namespace Saga.Engine.Activities;

/// <summary>
/// Who started a run or a restore, or decided an approval, as saga knows it (not as the sender says): the OS user of
/// the command line, the id of the API key of a web request, the key that signed a bus command. In JSON:
/// <c>{"kind": "busKey", "id": "ops2"}</c>.
/// </summary>
/// <param name="Kind">How saga knows it.</param>
/// <param name="Id">The user name, key id or key name; text from outside, so escaped wherever it is shown.</param>
public sealed record Actor(ActorKind Kind, string Id)
{
    /// <summary>The variable a run or restore keeps who started it in.</summary>
    public const string StartedByVariable = "startedBy";

    /// <summary>The user the command line runs as.</summary>
    public static Actor OsUser(string name) => new(ActorKind.OsUser, name);

    /// <summary>A web request, by the id of the key it presented.</summary>
    public static Actor ApiKey(string id) => new(ActorKind.ApiKey, id);

    /// <summary>A bus command, by the name of the key that signed it.</summary>
    public static Actor BusKey(string keyId) => new(ActorKind.BusKey, keyId);

    /// <summary>An unsigned command on the in-process bus (no broker, no keys): only the host itself can send one.</summary>
    public static Actor InProcessBus { get; } = new(ActorKind.InProcessBus, "in-process");

    /// <summary>saga itself, and why (<c>fanOut.onNodeFailure: restore</c>).</summary>
    public static Actor Saga(string why) => new(ActorKind.Saga, why);

    /// <summary>"OS user alice", "API key sha256:1a2b...", "bus key 'ops2'", "the in-process bus (unsigned)", "saga (why)".</summary>
    public override string ToString() => Kind switch
    {
        ActorKind.OsUser => $"OS user {Id}",
        ActorKind.ApiKey => $"API key {Id}",
        ActorKind.BusKey => $"bus key '{Id}'",
        ActorKind.InProcessBus => "the in-process bus (unsigned)",
        _ => $"saga ({Id})",
    };
}

/// <summary>How saga knows who acted; in JSON as the member names say.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ActorKind>))]
public enum ActorKind
{
    [JsonStringEnumMemberName("osUser")]
    OsUser,

    [JsonStringEnumMemberName("apiKey")]
    ApiKey,

    [JsonStringEnumMemberName("busKey")]
    BusKey,

    [JsonStringEnumMemberName("inProcessBus")]
    InProcessBus,

    [JsonStringEnumMemberName("saga")]
    Saga,
}
