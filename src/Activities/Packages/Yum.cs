using System.Text.RegularExpressions;
using Saga.Activities.Nodes;

namespace Saga.Activities.Packages;

/// <summary>yum on CentOS/RHEL 7. Versions are written <c>[epoch:]version-release</c>, as yum lists them.</summary>
public sealed partial class Yum : IPackageManager
{
    private const string QueryFormat = "%{NAME} %{EPOCH}:%{VERSION}-%{RELEASE}\\n";

    public string Name => "yum";

    public ShellCommand CleanCache() => ShellCommand.Sudo("yum", "clean", "all");

    public ShellCommand Running() => ShellCommand.Plain("pgrep", "-l", "-x", "yum");

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

    public ShellCommand QueryInstalled(IReadOnlyList<string> packages) => ShellCommand.Plain(["rpm", "-q", "--qf", QueryFormat, .. packages]);

    /// <summary><c>rpm -q --qf</c> output; "package X is not installed" lines are skipped, <c>(none)</c> epochs dropped.</summary>
    public IReadOnlyDictionary<string, string> ParseInstalled(string stdout)
    {
        var installed = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in stdout.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var match = Installed().Match(line);
            if (match.Success)
                installed[match.Groups["name"].Value] = (match.Groups["epoch"].Value is "(none)" or "0" ? "" : match.Groups["epoch"].Value + ":") + match.Groups["version"].Value;
        }

        return installed;
    }

    /// <summary><c>yum -y downgrade name-[epoch:]version-release ...</c>: yum picks nothing on its own.</summary>
    public ShellCommand Install(IReadOnlyList<PackageVersion> versions) =>
        ShellCommand.Sudo(["yum", "-y", "downgrade", .. versions.Select(v => $"{v.Package}-{v.Version}")]);

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"^(?<name>\S+) (?<epoch>\(none\)|\d+):(?<version>\S+)$")]
    private static partial Regex Installed();
}
