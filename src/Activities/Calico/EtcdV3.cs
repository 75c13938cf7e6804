using System.Text;
using System.Text.Json;

namespace Saga.Activities.Calico;

/// <summary>
/// What etcdctl prints with the v3 API. <c>get --keys-only</c> prints each key followed by an empty line (ctlv3
/// printer_simple.go printKV: the value line stays empty). <c>get -w json</c> prints the RangeResponse as one line of
/// JSON (printer_json.go: json.Marshal of the protobuf struct): <c>{"header":{..."revision":N...},"kvs":[{"key":"BASE64",
/// "create_revision":N,"mod_revision":N,"version":N,"value":"BASE64"}],"count":N}</c>; fields that are zero are left out
/// (omitempty), so an empty range has neither kvs nor count.
/// </summary>
public static class EtcdV3
{
    public const string CalicoPrefix = "/calico/";

    /// <summary>The keys of a <c>get --keys-only</c> listing.</summary>
    public static IReadOnlyList<string> Keys(string stdout) =>
        stdout.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0).ToList();

    /// <summary>A <c>get -w json</c> response: its revision and its keys with their last modification.</summary>
    public static Range ParseJson(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var revision = root.TryGetProperty("header", out var header) && header.TryGetProperty("revision", out var r) ? r.GetInt64() : 0;
            var keys = new List<Kv>();
            if (root.TryGetProperty("kvs", out var kvs))
            {
                foreach (var kv in kvs.EnumerateArray())
                {
                    var key = Encoding.UTF8.GetString(kv.GetProperty("key").GetBytesFromBase64());
                    keys.Add(new Kv(key, kv.TryGetProperty("mod_revision", out var mod) ? mod.GetInt64() : 0));
                }
            }

            var count = root.TryGetProperty("count", out var c) ? c.GetInt64() : 0;
            return new Range(revision, count, keys);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException($"not the JSON etcdctl get -w json prints: {ex.Message}", ex);
        }
    }

    /// <summary>Every key and value of a <c>get -w json</c> response (a dump), decoded from base64.</summary>
    public static IReadOnlyList<KeyValuePair<string, byte[]>> ParseValues(byte[] json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.TryGetProperty("kvs", out var kvs)
                ? kvs.EnumerateArray().Select(kv => KeyValuePair.Create(
                    Encoding.UTF8.GetString(kv.GetProperty("key").GetBytesFromBase64()),
                    kv.TryGetProperty("value", out var value) ? value.GetBytesFromBase64() : [])).ToList()
                : [];
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            throw new FormatException($"not the JSON etcdctl get -w json prints: {ex.Message}", ex);
        }
    }

    /// <summary>A range read at <paramref name="Revision"/>: <paramref name="Count"/> keys (all of them in <paramref name="Kvs"/> unless limited).</summary>
    public sealed record Range(long Revision, long Count, IReadOnlyList<Kv> Kvs);

    /// <summary>A key and the revision that last changed it.</summary>
    public sealed record Kv(string Key, long ModRevision);
}
