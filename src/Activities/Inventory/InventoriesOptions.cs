namespace Saga.Activities.Inventory;

/// <summary>Where inventories that arrive over the bus or the web may point on this host (<c>Saga:Inventories</c>).</summary>
public sealed class InventoriesOptions
{
    public const string SectionName = "Saga:Inventories";

    /// <summary>
    /// The folder of inventories: the operations page and <c>POST /api/runs</c> start runs only with inventory files in
    /// it, and a calicoctl <c>source</c> that is a file must be in it. Keys and known_hosts files may be in it too.
    /// </summary>
    /// <value>Default: none; then the web starts no run with an inventory, and a calicoctl source must be an https URL.</value>
    public string? Directory { get; set; }

    /// <summary>Folders <c>privateKeyFile</c> and <c>knownHostsFile</c> of an inventory from the bus or the web must lie in.</summary>
    /// <value>Default: the <c>.ssh</c> folder of the user running saga, and <see cref="Directory"/>.</value>
    public List<string> AllowedKeyDirectories { get; set; } = [];

    /// <summary>The folders keys may lie in: <see cref="AllowedKeyDirectories"/>, else the defaults.</summary>
    public IReadOnlyList<string> KeyDirectories() =>
        AllowedKeyDirectories.Count > 0
            ? AllowedKeyDirectories
            : [Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh"), .. Directory is { Length: > 0 } d ? new[] { d } : []];
}

/// <summary>What a calicoctl an inventory names may be (<c>Saga:Calicoctl</c>).</summary>
public sealed class CalicoctlOptions
{
    public const string SectionName = "Saga:Calicoctl";

    /// <summary>The largest calicoctl download accepted, in bytes; a longer answer stops the step before it is all read.</summary>
    /// <value>Default: 200 MB (calicoctl v1.6.x is about 30 MB).</value>
    public long MaxDownloadBytes { get; set; } = 200L * 1024 * 1024;

    /// <summary>Where an inventory from the bus or the web may install calicoctl on the nodes.</summary>
    /// <value>Default: <c>/usr/local/bin/calicoctl</c> and <c>/usr/bin/calicoctl</c>.</value>
    public List<string> AllowedInstallPaths { get; set; } = [];

    /// <summary><see cref="AllowedInstallPaths"/>, else the defaults.</summary>
    public IReadOnlyList<string> InstallPaths() => AllowedInstallPaths.Count > 0 ? AllowedInstallPaths : ["/usr/local/bin/calicoctl", "/usr/bin/calicoctl"];
}
