using Saga.Activities.Nodes;

namespace Saga.Activities.Packages;

/// <summary>
/// A node's package manager as intentions: clean the cache, list the versions the repositories offer, query what is
/// installed, install an exact version set non-interactively. Yum and apt are two small classes, so steps never
/// branch on the operating system.
/// </summary>
public interface IPackageManager
{
    /// <summary>yum or apt.</summary>
    string Name { get; }

    /// <summary>Forget cached repository metadata so a changed repository is read again (<c>yum clean all</c>, <c>apt-get update</c>).</summary>
    ShellCommand CleanCache();

    /// <summary>Every version of the packages each configured source offers.</summary>
    ShellCommand ListAvailable(IReadOnlyList<string> packages);

    IReadOnlyList<AvailableVersion> ParseAvailable(string stdout);

    /// <summary>Which of the packages are installed, and at which version.</summary>
    ShellCommand QueryInstalled(IReadOnlyList<string> packages);

    /// <summary>Installed packages by name; packages that are not installed are absent.</summary>
    IReadOnlyDictionary<string, string> ParseInstalled(string stdout);

    /// <summary>Installs exactly these versions in one transaction, downgrading where needed, without a prompt.</summary>
    ShellCommand Install(IReadOnlyList<PackageVersion> versions);

    /// <summary>Lists running package manager processes as <c>pgrep -l</c> does (<c>PID NAME</c>); exit 1 when there are none.</summary>
    ShellCommand Running();
}

/// <summary>A version a source offers. <see cref="Source"/> is the yum repository id or the apt source line.</summary>
public sealed record AvailableVersion(string Package, string Version, string Source);

/// <summary>A package at an exact version, in the package manager's own notation (<c>1:1.4.3-1.el7</c>, <c>1:1.4.3~trusty</c>).</summary>
public sealed record PackageVersion(string Package, string Version)
{
    public override string ToString() => $"{Package} {Version}";
}
