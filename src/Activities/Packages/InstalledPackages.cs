using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Saga.Activities.Packages;

/// <summary>
/// What the package database says about the packages asked for: those fully installed, by name and version, and those
/// a transaction left part-way (dpkg's half-installed, unpacked, half-configured and trigger states; a package rpm
/// holds at two versions because a yum transaction stopped between installing the new one and erasing the old one).
/// A part-way package is neither installed nor absent: it is never counted as "already done".
/// </summary>
[SuppressMessage("Naming", "CA1710:Identifiers should have correct suffix", Justification = "Named for what it holds; it reads as the installed versions by name, part-way packages beside.")]
public sealed class InstalledPackages : IReadOnlyDictionary<string, string>
{
    private readonly Dictionary<string, string> installed;

    public InstalledPackages(IEnumerable<KeyValuePair<string, string>> installed, IEnumerable<PartWayPackage>? partWay = null)
    {
        this.installed = new Dictionary<string, string>(installed, StringComparer.Ordinal);
        PartWay = (partWay ?? []).ToDictionary(p => p.Package, StringComparer.Ordinal);
        foreach (var name in PartWay.Keys)
            this.installed.Remove(name);
    }

    /// <summary>Packages left part-way, by name.</summary>
    public IReadOnlyDictionary<string, PartWayPackage> PartWay { get; }

    public int Count => installed.Count;

    public IEnumerable<string> Keys => installed.Keys;

    public IEnumerable<string> Values => installed.Values;

    public string this[string key] => installed[key];

    public bool ContainsKey(string key) => installed.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out string value) => installed.TryGetValue(key, out value);

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => installed.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>"calico-felix 2.6.5-1.el7, networking-calico half-configured at 1:1.4.3~trusty (iF)".</summary>
    public override string ToString() =>
        string.Join(", ", installed.Select(p => $"{p.Key} {p.Value}").Concat(PartWay.Values.Select(p => p.ToString())));
}

/// <summary>A package a transaction left part-way.</summary>
/// <param name="Package">The package's name.</param>
/// <param name="Version">The version the package database records (dpkg keeps the old one while unpacking; yum: every version rpm holds).</param>
/// <param name="State">What it is, for people: "half-installed at 1:3.1.3~trusty (iHR)", "installed twice (3.1.3-1.el7 and 2.6.5-1.el7)".</param>
/// <param name="NeedsReinstall">True when only installing the package again repairs it (dpkg's half-installed, reinstreq).</param>
public sealed record PartWayPackage(string Package, string Version, string State, bool NeedsReinstall)
{
    public override string ToString() => $"{Package} {State}";
}
