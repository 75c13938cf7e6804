using System.Text.RegularExpressions;
using Saga.Activities.Nodes;

namespace Saga.Activities.Packages;

/// <summary>yum 3.4.3 on CentOS/RHEL 7. Versions are written <c>[epoch:]version-release</c>, as yum lists them.</summary>
public sealed partial class Yum : IPackageManager
{
    /// <summary>Where yum-utils puts yum-complete-transaction (and repoquery).</summary>
    public const string CompleteTransactionPath = "/usr/bin/yum-complete-transaction";

    public const string RepoqueryPath = "/usr/bin/repoquery";

    private const string QueryFormat = "%{NAME} %{EPOCH}:%{VERSION}-%{RELEASE} %{ARCH}\\n";

    private const string RepoqueryFormat = "%{name} %{epoch}:%{version}-%{release} %{arch}";

    // yum 3.4.3 yum/rpmtrans.py writes transaction-all.TIME when rpm starts a transaction and transaction-done.TIME as
    // each element completes; yum/__init__.py runTransaction removes both when it ends. yum/misc.py
    // find_unfinished_transactions globs transaction-all* in the persistdir (/var/lib/yum), skipping *disabled.
    private const string FindInterruptedScript = """
        for f in /var/lib/yum/transaction-all*; do
          case $f in *disabled) continue ;; esac
          [ -e "$f" ] && echo "unfinished yum transaction: $f"
        done
        exit 0
        """;

    public string Name => "yum";

    public ShellCommand CleanCache() => ShellCommand.Sudo("yum", "clean", "all");

    /// <summary>yum and yum-complete-transaction (a script's process name is its file name cut at 15 characters).</summary>
    public ShellCommand Running() => ShellCommand.Plain("pgrep", "-l", "-x", "yum|yum-complete-tr");

    public ShellCommand ListAvailable(IReadOnlyList<string> packages) => ShellCommand.Sudo(["yum", "--showduplicates", "list", .. packages]);

    /// <summary>The "Available Packages" part of <c>yum --showduplicates list</c>; long names wrap onto two lines.</summary>
    public IReadOnlyList<AvailableVersion> ParseAvailable(string stdout)
    {
        var versions = new List<AvailableVersion>();
        var available = false;
        string? pending = null;
        foreach (var raw in stdout.Split('\n'))
        {
            var line = raw.TrimEnd();
            if (line.StartsWith("Available Packages", StringComparison.Ordinal))
            {
                available = true;
                continue;
            }

            if (line.StartsWith("Installed Packages", StringComparison.Ordinal) || line.Length == 0 || !available)
                continue;
            var fields = Whitespace().Split(((pending is null ? "" : pending + " ") + line).Trim());
            if (fields.Length == 1)
            {
                pending = fields[0];
                continue;
            }

            pending = null;
            if (fields.Length == 3 && fields[0].LastIndexOf('.') is var dot && dot > 0)
                versions.Add(new AvailableVersion(fields[0][..dot], fields[1], fields[2]));
        }

        return versions;
    }

    /// <summary>
    /// Every version of the packages in one repository given by its URL, read with yum-utils' repoquery into a private
    /// cache (<c>--tempcache</c>), so neither the node's repository files nor yum's metadata cache change: how the plan
    /// learns the 2.6 versions before the repository switch. <c>--repofrompath=ID,URL</c> adds the repository and
    /// <c>--repoid=ID</c> disables every other one (yum-utils 1.1.31 repoquery.py).
    /// </summary>
    public static ShellCommand ListAvailableFrom(string repoId, string baseUrl, IReadOnlyList<string> packages) =>
        ShellCommand.Plain([RepoqueryPath, "--tempcache", $"--repofrompath={repoId},{baseUrl}", $"--repoid={repoId}", "--show-duplicates", "--qf", RepoqueryFormat, .. packages]);

    /// <summary>repoquery's <c>name epoch:version-release arch</c> lines; epoch 0 (no epoch) is dropped, as yum list shows it.</summary>
    public static IReadOnlyList<AvailableVersion> ParseRepoquery(string stdout, string repoId) =>
        stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(line => Repoquery().Match(line))
            .Where(m => m.Success)
            .Select(m => new AvailableVersion(m.Groups["name"].Value, WithoutZeroEpoch(m.Groups["epoch"].Value, m.Groups["version"].Value), repoId))
            .Distinct()
            .ToList();

    public ShellCommand QueryInstalled(IReadOnlyList<string> packages) => ShellCommand.Plain(["rpm", "-q", "--qf", QueryFormat, .. packages]);

    /// <summary>
    /// <c>rpm -q --qf</c> output: "package X is not installed" lines are skipped, <c>(none)</c> epochs dropped. A package
    /// rpm holds at two versions of one architecture is part-way: a yum downgrade installs every new package before it
    /// erases the old ones ("Cleanup"), so a transaction cut in between leaves both.
    /// </summary>
    public InstalledPackages ParseInstalled(string stdout)
    {
        var versions = new Dictionary<(string Name, string Arch), List<string>>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var match = Installed().Match(line);
            if (!match.Success)
                continue;
            var key = (match.Groups["name"].Value, match.Groups["arch"].Value);
            if (!versions.TryGetValue(key, out var list))
                versions[key] = list = [];
            list.Add(WithoutZeroEpoch(match.Groups["epoch"].Value, match.Groups["version"].Value));
        }

        var installed = versions.Where(v => v.Value.Count == 1).GroupBy(v => v.Key.Name).Select(g => KeyValuePair.Create(g.Key, g.First().Value[0]));
        var partWay = versions.Where(v => v.Value.Count > 1)
            .Select(v => new PartWayPackage(v.Key.Name, v.Value[^1], $"installed twice ({string.Join(" and ", v.Value)}): a yum transaction did not finish", NeedsReinstall: false));
        return new InstalledPackages(installed, partWay);
    }

    /// <summary>
    /// <c>yum -y downgrade name-version-release ...</c>. yum 3.4.3 matches an argument only as name, name.arch,
    /// name-version, name-version-release, name-version-release.arch, epoch:name-version-release.arch or
    /// name-epoch:version-release.arch (yum/packages.py buildPkgRefDict, yum/sqlitesack.py pattern fields), so the
    /// epoch goes: <c>networking-calico-1:1.4.3-1.el7</c> would be "No package ... available." and skipped.
    /// </summary>
    public ShellCommand Install(IReadOnlyList<PackageVersion> versions) =>
        ShellCommand.Sudo(["yum", "-y", "downgrade", .. versions.Select(Argument)]);

    /// <summary>
    /// <c>yum -y install name-version-release ...</c>: for a package installed at a lower version, yum 3.4.3's install
    /// updates it to the version named (yum/__init__.py install: an installed package with a newer match becomes an
    /// update); one already at that version is "already installed and latest version". Arguments as <see cref="Install"/>.
    /// </summary>
    public ShellCommand Upgrade(IReadOnlyList<PackageVersion> versions) =>
        ShellCommand.Sudo(["yum", "-y", "install", .. versions.Select(Argument)]);

    /// <summary>
    /// <c>yum -y install /path/NAME-VERSION-RELEASE.ARCH.rpm ...</c>: yum 3.4.3 takes an argument that ends in ".rpm" and
    /// exists as a local package (cli.py installPkgs: <c>arg.endswith('.rpm') and os.path.exists(arg)</c> goes to
    /// installLocal), which updates an installed older version of the same name (yum/__init__.py installLocal), from the
    /// file and not from any repository.
    /// </summary>
    public ShellCommand InstallFiles(IReadOnlyList<string> files) => ShellCommand.Sudo(["yum", "-y", "install", .. files]);

    /// <summary>
    /// <c>yumdownloader --destdir FOLDER name-version-release ...</c> (yum-utils 1.1.31): arguments as yum reads them
    /// (<see cref="Argument"/>), each file named as the repository names it, NAME-VERSION-RELEASE.ARCH.rpm; an argument
    /// that matches nothing is "No Match for argument" on stderr and the rest are fetched (yumdownloader.py downloadPackages).
    /// </summary>
    public ShellCommand Download(IReadOnlyList<PackageVersion> versions, string folder) =>
        ShellCommand.Sudo(["yumdownloader", "--destdir", folder, .. versions.Select(Argument)]);

    public bool IsFileOf(PackageVersion version, string fileName) =>
        fileName.StartsWith(Argument(version) + ".", StringComparison.Ordinal) && fileName.EndsWith(".rpm", StringComparison.Ordinal)
        && !fileName[(Argument(version).Length + 1)..^4].Contains('.', StringComparison.Ordinal);

    /// <summary>The name-version-release form of a package at a version written [epoch:]version-release.</summary>
    public static string Argument(PackageVersion version)
    {
        var colon = version.Version.IndexOf(':', StringComparison.Ordinal);
        return $"{version.Package}-{(colon >= 0 ? version.Version[(colon + 1)..] : version.Version)}";
    }

    public ShellCommand FindInterrupted() => ShellCommand.Script(true, FindInterruptedScript);

    public Interruption ParseInterrupted(string stdout)
    {
        var findings = stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(l => l.StartsWith("unfinished yum transaction: ", StringComparison.Ordinal)).ToList();
        return findings.Count == 0 ? Interruption.None : new Interruption(findings, new HashSet<string>(), NeedsCompletion: true);
    }

    /// <summary>yum-utils' yum-complete-transaction runs what the newest unfinished transaction had left, then removes its files.</summary>
    public ShellCommand Complete() => ShellCommand.Sudo(CompleteTransactionPath, "-y");

    public ShellCommand CanComplete() => ShellCommand.Plain("test", "-x", CompleteTransactionPath);

    public string CompleteByHand => "sudo yum install -y yum-utils && sudo yum-complete-transaction -y";

    private static string WithoutZeroEpoch(string epoch, string version) => epoch is "(none)" or "0" ? version : $"{epoch}:{version}";

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^(?<name>\S+) (?<epoch>\(none\)|\d+):(?<version>\S+)(?: (?<arch>\S+))?$")]
    private static partial Regex Installed();

    [GeneratedRegex(@"^(?<name>\S+) (?<epoch>\d+):(?<version>\S+) (?<arch>\S+)$")]
    private static partial Regex Repoquery();
}
