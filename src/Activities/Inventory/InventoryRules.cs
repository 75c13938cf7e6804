using Microsoft.Extensions.Options;

namespace Saga.Activities.Inventory;

/// <summary>
/// The host's rules for an inventory that arrives from outside (the bus, the web), checked on the loader's result before
/// anything runs: SSH keys and known_hosts files from the allowed folders, calicoctl from an https URL or the inventory
/// folder, installed only where calicoctl belongs. Without them, whoever can publish a command names any file on this
/// host as a key, or has any file of theirs installed anywhere on every node as root. The command line trusts its
/// operator and is not checked.
/// </summary>
public sealed class InventoryRules(IOptions<InventoriesOptions> inventories, IOptions<CalicoctlOptions> calicoctl)
{
    /// <summary>Loads an inventory file named from outside; it must lie in <see cref="InventoriesOptions.Directory"/>.</summary>
    /// <exception cref="InventoryException">The file is elsewhere, does not load, or breaks a rule.</exception>
    public ClusterInventory Load(string path)
    {
        var folder = inventories.Value.Directory;
        if (string.IsNullOrWhiteSpace(folder))
            throw new InventoryException($"{path}: this host starts runs only with inventories in its inventory folder, and none is set ({InventoriesOptions.SectionName}:Directory)");
        if (!IsInside(RealPath(Path.GetFullPath(path, folder)), folder))
            throw new InventoryException($"{path}: not in the inventory folder {Path.GetFullPath(folder)} ({InventoriesOptions.SectionName}:Directory)");
        return Check(InventoryLoader.Load(Path.GetFullPath(path, folder)));
    }

    /// <summary><paramref name="inventory"/>, when it keeps the host's rules.</summary>
    /// <exception cref="InventoryException">Every rule it breaks, each naming the value.</exception>
    public ClusterInventory Check(ClusterInventory inventory)
    {
        ArgumentNullException.ThrowIfNull(inventory);
        var problems = new List<string>();
        var name = Path.GetFileName(inventory.SourcePath);
        var keyFolders = inventories.Value.KeyDirectories();
        foreach (var (what, file) in inventory.Nodes.SelectMany(n => new[] { ("privateKeyFile", n.Ssh.PrivateKeyFile), ("knownHostsFile", n.Ssh.KnownHostsFile) }).Distinct())
        {
            if (!keyFolders.Any(folder => IsInside(RealPath(file), folder)))
                problems.Add($"{name}: ssh.{what} {file} is not in a folder this host allows keys from ({string.Join(", ", keyFolders)}; {InventoriesOptions.SectionName}:AllowedKeyDirectories)");
        }

        if (inventory.Calicoctl is { } settings)
        {
            CheckSource(settings.Source, name, problems);
            var allowed = calicoctl.Value.InstallPaths();
            if (!allowed.Contains(settings.InstallPath, StringComparer.Ordinal))
                problems.Add($"{name}: calicoctl.installPath {settings.InstallPath} is not one this host allows ({string.Join(", ", allowed)}; {CalicoctlOptions.SectionName}:AllowedInstallPaths)");
        }

        return problems.Count == 0 ? inventory : throw new InventoryException(problems);
    }

    private void CheckSource(string source, string name, List<string> problems)
    {
        if (source.StartsWith("https://", StringComparison.Ordinal))
            return;
        if (source.StartsWith("http://", StringComparison.Ordinal))
        {
            problems.Add($"{name}: calicoctl.source {source} is plain http; only an https URL or a file in the inventory folder is accepted from outside");
            return;
        }

        var folder = inventories.Value.Directory;
        if (string.IsNullOrWhiteSpace(folder) || !IsInside(RealPath(source), folder))
            problems.Add($"{name}: calicoctl.source {source} is not in the inventory folder ({InventoriesOptions.SectionName}:Directory{(string.IsNullOrWhiteSpace(folder) ? ", not set" : " " + Path.GetFullPath(folder))})");
    }

    /// <summary>
    /// The path with every symbolic link in it followed, as the kernel would open it: a link in an allowed folder to a
    /// file elsewhere, or a path through a linked folder, is elsewhere. A link loop leaves the path as given (then it
    /// is outside any folder but its own, and the SSH layer fails to read it anyway).
    /// </summary>
    private static string RealPath(string path) => RealPath(Path.GetFullPath(path), depth: 0);

    private static string RealPath(string full, int depth)
    {
        if (depth > 40)
            return full; // as ELOOP: too many links
        var current = Path.GetPathRoot(full) ?? "/";
        foreach (var part in full[current.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            try
            {
                if (info.LinkTarget is not null && info.ResolveLinkTarget(returnFinalTarget: true) is { } target)
                    next = RealPath(target.FullName, depth + 1); // the target's own folders may be links too
            }
            catch (IOException)
            {
                return full;
            }

            current = next;
        }

        return current;
    }

    private static bool IsInside(string path, string folder)
    {
        var root = Path.TrimEndingDirectorySeparator(RealPath(folder)) + Path.DirectorySeparatorChar;
        return path.StartsWith(root, StringComparison.Ordinal);
    }
}
