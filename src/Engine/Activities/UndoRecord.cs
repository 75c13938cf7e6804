using System.Text.Json.Serialization;

namespace Saga.Engine.Activities;

/// <summary>
/// What a step is about to change on a node and how to put it back, recorded before it acts and kept with the node's
/// <see cref="NodeResult"/> in the journal. A compensation reads these to undo the step. In JSON:
/// <c>{"kind": "file", "target": "/etc/calico/felix.cfg", "backup": "/var/backups/saga/ID/_etc_calico_felix.cfg.20261124T080000Z", "sha256": "…"}</c>.
/// </summary>
/// <param name="Kind">What changes: <see cref="File"/>, <see cref="Packages"/>, <see cref="Service"/>, <see cref="Key"/> or <see cref="KeyPrefix"/>.</param>
/// <param name="Target">The file's path, the service's name, the key, or the package manager's name.</param>
public sealed record UndoRecord(string Kind, string Target)
{
    /// <summary>A file: put back from <see cref="Backup"/> (whose sha256 is <see cref="Sha256"/>), or removed when it did not exist.</summary>
    public const string File = "file";

    /// <summary>Packages: installed again at <see cref="Versions"/>.</summary>
    public const string Packages = "packages";

    /// <summary>A service: started again if <see cref="Before"/> is <see cref="Running"/>.</summary>
    public const string Service = "service";

    /// <summary>A key of a datastore: set back to <see cref="Before"/> (absent: deleted).</summary>
    public const string Key = "key";

    /// <summary>Every key under a prefix: put back from the dump at <see cref="Backup"/> (sha256 <see cref="Sha256"/>).</summary>
    public const string KeyPrefix = "keyPrefix";

    /// <summary><see cref="Before"/> of a service that ran.</summary>
    public const string Running = "running";

    /// <summary><see cref="Before"/> of a service that did not run.</summary>
    public const string Stopped = "stopped";

    /// <summary>The copy of the file (or the dump) kept before the change; null for a file that did not exist.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Backup { get; init; }

    /// <summary>sha256 of <see cref="Backup"/>, lower-case hex.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Sha256 { get; init; }

    /// <summary>Packages: each package's version before the change.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? Versions { get; init; }

    /// <summary>A service: <see cref="Running"/> or <see cref="Stopped"/>; a key: its value before (null: absent); where it lives for a prefix.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Before { get; init; }

    /// <summary>For people: "felix.cfg from BACKUP (sha256 …)", "packages back to …", "calico-felix was running".</summary>
    public string Describe() => Kind switch
    {
        File => Backup is null ? $"{Target}: did not exist, removed" : $"{Target}: from {Backup} (sha256 {Sha256?[..Math.Min(12, Sha256.Length)]}…)",
        Packages => $"{Target}: " + string.Join(", ", (Versions ?? new Dictionary<string, string>()).Select(v => $"{v.Key} {v.Value}")),
        Service => $"{Target}: was {Before}",
        Key => $"{Target}: was {Before ?? "absent"}",
        _ => $"{Target}: from {Backup}",
    };
}
