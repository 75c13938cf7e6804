using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Saga.Contracts;

/// <summary>
/// Signs commands for the hosts, and is how they check them. The signed text is the command's type name, a newline,
/// then its JSON: every field but <see cref="ISignedCommand.Signature"/> (KeyId, IssuedAt and Nonce included), names in
/// camelCase, sorted by ordinal at every level, null fields left out, no whitespace, strings escaped as System.Text.Json
/// does by default. The signature is the HMAC-SHA256 of its UTF-8 bytes with the key's UTF-8 bytes, in Base64.
/// </summary>
public static class CommandSignature
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// <paramref name="command"/> signed with <paramref name="key"/>, named <paramref name="keyId"/>, at
    /// <paramref name="now"/>, with a fresh nonce: send the result as it is, once.
    /// </summary>
    public static T Sign<T>(T command, string keyId, string key, DateTimeOffset now)
        where T : class, ISignedCommand
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentException.ThrowIfNullOrEmpty(keyId);
        ArgumentException.ThrowIfNullOrEmpty(key);
        var node = JsonSerializer.SerializeToNode(command, command.GetType(), Json)!.AsObject();
        node["keyId"] = keyId;
        node["issuedAt"] = now.ToUnixTimeSeconds();
        node["nonce"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        node.Remove("signature");
        node["signature"] = Compute(Canonical(command.GetType().Name, node), key);
        return (T)node.Deserialize(command.GetType(), Json)!;
    }

    /// <summary>Whether <paramref name="command"/>'s signature is the one <paramref name="key"/> gives (in constant time).</summary>
    public static bool IsValid(ISignedCommand command, string key)
    {
        ArgumentNullException.ThrowIfNull(command);
        if (string.IsNullOrEmpty(command.Signature))
            return false;
        byte[] presented;
        try
        {
            presented = Convert.FromBase64String(command.Signature);
        }
        catch (FormatException)
        {
            return false;
        }

        var expected = Convert.FromBase64String(Compute(Canonical(command), key));
        return CryptographicOperations.FixedTimeEquals(presented, expected);
    }

    /// <summary>The text that is signed for <paramref name="command"/>.</summary>
    public static string Canonical(ISignedCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        return Canonical(command.GetType().Name, JsonSerializer.SerializeToNode(command, command.GetType(), Json)!.AsObject());
    }

    private static string Canonical(string typeName, JsonObject command)
    {
        var copy = Sorted(command)!.AsObject();
        copy.Remove("signature");
        return typeName + "\n" + copy.ToJsonString();
    }

    private static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.Where(p => p.Value is not null).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Sorted(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };

    private static string Compute(string canonical, string key) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(canonical)));
}
