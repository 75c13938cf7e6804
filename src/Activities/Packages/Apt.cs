using Saga.Activities.Nodes;

namespace Saga.Activities.Packages;

/// <summary>
/// apt on Ubuntu. A downgrade with <c>-y</c> needs <c>--force-yes</c> on trusty's APT 1.0 and
/// <c>--allow-downgrades</c> from APT 1.1 (xenial) on; each refuses the other's flag or warns.
/// </summary>
public sealed class Apt(bool legacyForceYes) : IPackageManager
{
    private const string QueryFormat = "${Package} ${Version} ${Status}\\n";

    // dpkg --audit lists every package in a bad state under one heading per state (dpkg 1.17.5/1.18.4 src/enquiry.c,
    // badstatinfos); apt refuses to run while /var/lib/dpkg/updates holds an all-digit journal file that dpkg has not
    // folded into its status file yet (apt 1.0.1ubuntu2/1.2 apt-pkg/deb/debsystem.cc, CheckUpdates).
    private const string FindInterruptedScript = """
        dpkg --audit
        for f in /var/lib/dpkg/updates/*; do
          case ${f##*/} in *[!0-9]*) continue ;; esac
          echo "dpkg journal not applied: $f"
        done
        exit 0
        """;

    // The headings of dpkg --audit (dpkg 1.17.5/1.18.4 src/enquiry.c), first line of each, and what the state is.
    private static readonly (string Heading, string State, bool Reinstall)[] AuditHeadings =
    [
        ("The following packages are in a mess due to serious problems during", "must be reinstalled (reinstreq)", true),
        ("The following packages have been unpacked but not yet configured.", "unpacked, not configured", false),
        ("The following packages are only half configured, probably due to problems", "half-configured", false),
        ("The following packages are only half installed, due to problems during", "half-installed", true),
        ("The following packages are awaiting processing of triggers that they", "awaiting triggers", false),
        ("The following packages have been triggered, but the trigger processing", "triggers pending", false),
    ];

    public string Name => "apt";

    /// <summary>True on APT 1.0 (trusty), which only knows <c>--force-yes</c>.</summary>
    public bool LegacyForceYes => legacyForceYes;

    /// <summary>apt-get, dpkg and their kin; process names are cut at 15 characters, as the kernel keeps them.</summary>
    public ShellCommand Running() => ShellCommand.Plain("pgrep", "-l", "-x", "apt-get|apt|aptitude|dpkg|unattended-upgr");

    public ShellCommand CleanCache() => ShellCommand.Sudo("apt-get", "update");

    public ShellCommand ListAvailable(IReadOnlyList<string> packages) => ShellCommand.Plain(["apt-cache", "madison", .. packages]);

    /// <summary><c>pkg | version | source</c> lines of <c>apt-cache madison</c>.</summary>
    public IReadOnlyList<AvailableVersion> ParseAvailable(string stdout) =>
        stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split('|', StringSplitOptions.TrimEntries))
            .Where(fields => fields.Length == 3 && fields[0].Length > 0 && fields[1].Length > 0)
            .Select(fields => new AvailableVersion(fields[0], fields[1], fields[2]))
            .ToList();

    public ShellCommand QueryInstalled(IReadOnlyList<string> packages) => ShellCommand.Plain(["dpkg-query", "-W", "-f", QueryFormat, .. packages]);

    /// <summary>
    /// <c>dpkg-query -W -f</c> output: printed in name order, missing names only on stderr, and packages known only
    /// from relations printed with an empty version and <c>not-installed</c>. <c>${Status}</c> is "want eflag status"
    /// (dpkg 1.17.5 lib/dpkg/parsehelp.c): "ok installed" is installed whatever the want (held packages too);
    /// not-installed and config-files are absent; every other state, or the reinstreq flag, is part-way.
    /// </summary>
    public InstalledPackages ParseInstalled(string stdout)
    {
        var installed = new Dictionary<string, string>(StringComparer.Ordinal);
        var partWay = new List<PartWayPackage>();
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length < 5)
                continue;
            var (want, flag, status) = (fields[^3], fields[^2], fields[^1]);
            var version = string.Join(' ', fields[1..^3]);
            if (flag == "ok" && status == "installed" && version.Length > 0)
                installed[fields[0]] = version;
            else if (status is not ("not-installed" or "config-files") || flag != "ok")
                partWay.Add(new PartWayPackage(fields[0], version, $"{status} at {version} ({Abbreviation(want, flag, status)})", flag == "reinstreq" || status == "half-installed"));
        }

        return new InstalledPackages(installed, partWay);
    }

    /// <summary>
    /// <c>apt-get install --reinstall -y</c> with the downgrade flag of the APT version, <c>--no-remove</c> (a dependency
    /// problem aborts with "Packages need to be removed but remove is disabled." instead of removing Calico packages,
    /// apt-get(8)), and dpkg's <c>--force-confdef --force-confold</c> (a changed conffile keeps the local file without a
    /// prompt, which would otherwise read EOF and leave the package half-configured). Versions exactly as madison printed them.
    /// </summary>
    public ShellCommand Install(IReadOnlyList<PackageVersion> versions) =>
        ShellCommand.Sudo([
            "apt-get", "install", "--reinstall", "-y", legacyForceYes ? "--force-yes" : "--allow-downgrades", "--no-remove",
            "-o", "Dpkg::Options::=--force-confdef", "-o", "Dpkg::Options::=--force-confold",
            .. versions.Select(v => $"{v.Package}={v.Version}"),
        ]).WithEnvironment("DEBIAN_FRONTEND", "noninteractive");

    /// <summary>
    /// <c>apt-get download NAME=VERSION ...</c> run in <paramref name="folder"/> (it writes to the current directory):
    /// NAME_VERSION_ARCH.deb, the version's ':' written %3a (apt-pkg/acquire-item.cc); a version no source offers is
    /// "E: Can't find a source to download version", rc 100, and the others are still fetched.
    /// </summary>
    public ShellCommand Download(IReadOnlyList<PackageVersion> versions, string folder) =>
        ShellCommand.Script(true, "mkdir -p \"$1\" && cd \"$1\" && shift && exec apt-get download \"$@\"", [folder, .. versions.Select(v => $"{v.Package}={v.Version}")]);

    public bool IsFileOf(PackageVersion version, string fileName) =>
        fileName.StartsWith($"{version.Package}_{version.Version.Replace(":", "%3a", StringComparison.Ordinal)}_", StringComparison.Ordinal)
        && fileName.EndsWith(".deb", StringComparison.Ordinal);

    /// <summary>The same transaction as <see cref="Install"/>: apt-get install NAME=VERSION moves a package up as well as down.</summary>
    public ShellCommand Upgrade(IReadOnlyList<PackageVersion> versions) => Install(versions);

    /// <summary>
    /// <c>dpkg --force-confdef --force-confold -i FILE.deb ...</c>: unpacks every file, then configures them, as one run;
    /// the conffile answers as <see cref="Install"/> gives them. Not <c>apt-get install ./FILE.deb</c>: apt reads a local
    /// file argument only from 1.1 on, and trusty's apt is 1.0.1 (it looks the argument up as a package name).
    /// </summary>
    public ShellCommand InstallFiles(IReadOnlyList<string> files) =>
        ShellCommand.Sudo(["dpkg", "--force-confdef", "--force-confold", "-i", .. files]).WithEnvironment("DEBIAN_FRONTEND", "noninteractive");

    public ShellCommand FindInterrupted() => ShellCommand.Script(true, FindInterruptedScript);

    /// <summary>The packages under each heading of <c>dpkg --audit</c>, and journal files apt would refuse to run with.</summary>
    public Interruption ParseInterrupted(string stdout)
    {
        var findings = new List<string>();
        var reinstall = new HashSet<string>(StringComparer.Ordinal);
        var completion = false;
        (string Heading, string State, bool Reinstall)? section = null;
        foreach (var line in stdout.Split('\n'))
        {
            if (line.StartsWith("dpkg journal not applied: ", StringComparison.Ordinal))
            {
                findings.Add(line);
                completion = true;
                section = null;
            }
            else if (AuditHeadings.FirstOrDefault(h => line.StartsWith(h.Heading, StringComparison.Ordinal)) is { Heading: not null } heading)
            {
                section = heading;
            }
            else if (line.StartsWith("The following packages", StringComparison.Ordinal))
            {
                section = null; // missing control files or architectures: not left by an interrupted transaction
            }
            else if (section is { } current && line.StartsWith(' ') && line.Trim().Split(' ')[0] is { Length: > 0 } package)
            {
                findings.Add($"{package}: {current.State}");
                if (current.Reinstall)
                    reinstall.Add(package);
                else
                    completion = true;
            }
        }

        return findings.Count == 0 ? Interruption.None : new Interruption(findings, reinstall, completion);
    }

    /// <summary>
    /// <c>dpkg --configure -a</c> configures every unpacked and half-configured package and runs pending triggers
    /// (dpkg 1.17.5 src/packages.c, enqueue_pending); half-installed packages it leaves alone. The same conffile
    /// options as <see cref="Install"/>, so it never prompts.
    /// </summary>
    public ShellCommand Complete() =>
        ShellCommand.Sudo("dpkg", "--force-confdef", "--force-confold", "--configure", "-a").WithEnvironment("DEBIAN_FRONTEND", "noninteractive");

    /// <summary>dpkg is always there.</summary>
    public ShellCommand CanComplete() => ShellCommand.Plain("true");

    public string CompleteByHand => "sudo dpkg --configure -a";

    // dpkg 1.17.5 lib/dpkg/pkg-show.c: want "uihrp", status "ncHUFWti", eflag " R".
    private static string Abbreviation(string want, string flag, string status) =>
        string.Concat(
            want switch { "install" => "i", "hold" => "h", "deinstall" => "r", "purge" => "p", _ => "u" },
            status switch
            {
                "not-installed" => "n",
                "config-files" => "c",
                "half-installed" => "H",
                "unpacked" => "U",
                "half-configured" => "F",
                "triggers-awaited" => "W",
                "triggers-pending" => "t",
                "installed" => "i",
                _ => "?",
            },
            flag == "reinstreq" ? "R" : "");
}
