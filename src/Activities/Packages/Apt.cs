using Saga.Activities.Nodes;

namespace Saga.Activities.Packages;

/// <summary>
/// apt on Ubuntu. A downgrade with <c>-y</c> needs <c>--force-yes</c> on trusty's APT 1.0 and
/// <c>--allow-downgrades</c> from APT 1.1 (xenial) on; each refuses the other's flag or warns.
/// </summary>
public sealed class Apt(bool legacyForceYes) : IPackageManager
{
    private const string QueryFormat = "${Package} ${Version} ${Status}\\n";

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
    /// from relations printed with an empty version and <c>not-installed</c>. Held packages count as installed.
    /// </summary>
    public IReadOnlyDictionary<string, string> ParseInstalled(string stdout)
    {
        var installed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = line.Split(' ');
            if (fields.Length >= 5 && fields[1].Length > 0 && fields[^1] == "installed" && fields[^2] == "ok")
                installed[fields[0]] = fields[1];
        }

        return installed;
    }

    public ShellCommand Install(IReadOnlyList<PackageVersion> versions) =>
        ShellCommand.Sudo(["apt-get", "install", "--reinstall", "-y", legacyForceYes ? "--force-yes" : "--allow-downgrades", .. versions.Select(v => $"{v.Package}={v.Version}")])
            .WithEnvironment("DEBIAN_FRONTEND", "noninteractive");
}
