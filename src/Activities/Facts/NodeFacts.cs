namespace Saga.Activities.Facts;

/// <summary>What a node is and has, as read over SSH.</summary>
/// <param name="Node">The node's name.</param>
/// <param name="Platform">OS, release and its package and service managers.</param>
/// <param name="Installed">Installed versions of the packages asked about; missing packages are absent, part-way ones listed apart.</param>
/// <param name="FelixConfig">/etc/calico/felix.cfg, byte for byte, or null when there is none.</param>
/// <param name="Calicoctl">Every calicoctl on the login PATH with the client version it reports.</param>
public sealed record NodeFacts(
    string Node,
    NodePlatform Platform,
    Packages.InstalledPackages Installed,
    byte[]? FelixConfig,
    IReadOnlyList<CalicoctlInstall> Calicoctl);

/// <summary>A calicoctl binary and the client version it reports ("v1.6.3"), or null when it printed none.</summary>
public sealed record CalicoctlInstall(string Path, string? Version);
