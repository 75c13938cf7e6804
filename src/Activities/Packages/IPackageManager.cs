using Saga.Activities.Nodes;

namespace Saga.Activities.Packages;

/// <summary>
/// A node's package manager as intentions: clean the cache, list the versions the repositories offer, query what is
/// installed, install an exact version set non-interactively, and find and complete a transaction an earlier run left
/// unfinished. Yum and apt are two small classes, so steps never branch on the operating system.
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

    /// <summary>Which of the packages are installed, at which version, and in which state.</summary>
    ShellCommand QueryInstalled(IReadOnlyList<string> packages);

    /// <summary>Installed packages by name; packages that are not installed are absent, part-way ones are listed apart.</summary>
    InstalledPackages ParseInstalled(string stdout);

    /// <summary>Installs exactly these versions in one transaction, downgrading where needed, without a prompt.</summary>
    ShellCommand Install(IReadOnlyList<PackageVersion> versions);

    /// <summary>
    /// Installs exactly these versions in one transaction, each newer than what is installed (a restore back to the
    /// versions before a downgrade), without a prompt.
    /// </summary>
    ShellCommand Upgrade(IReadOnlyList<PackageVersion> versions);

    /// <summary>
    /// Installs these package files (those <see cref="Download"/> saved) in one transaction, without a prompt and
    /// whatever the sources offer: a restore whose versions the repository no longer has.
    /// </summary>
    ShellCommand InstallFiles(IReadOnlyList<string> files);

    /// <summary>
    /// Fetches the package files of exactly these versions from the sources into <paramref name="folder"/> (made when
    /// missing), installing nothing; versions no source offers are left out and named on standard error.
    /// </summary>
    ShellCommand Download(IReadOnlyList<PackageVersion> versions, string folder);

    /// <summary>Whether <paramref name="fileName"/> is the file <see cref="Download"/> writes for <paramref name="version"/>.</summary>
    bool IsFileOf(PackageVersion version, string fileName);

    /// <summary>Lists running package manager processes as <c>pgrep -l</c> does (<c>PID NAME</c>); exit 1 when there are none.</summary>
    ShellCommand Running();

    /// <summary>Looks for a transaction that stopped part-way anywhere on the node (dpkg's journal and audit, yum's transaction files).</summary>
    ShellCommand FindInterrupted();

    Interruption ParseInterrupted(string stdout);

    /// <summary>Completes an interrupted transaction (<c>dpkg --configure -a</c>, <c>yum-complete-transaction -y</c>).</summary>
    ShellCommand Complete();

    /// <summary>Exits 0 when <see cref="Complete"/> can run on the node (its tool is installed).</summary>
    ShellCommand CanComplete();

    /// <summary>What a person runs on the node when <see cref="Complete"/> cannot.</summary>
    string CompleteByHand { get; }
}

/// <summary>A version a source offers. <see cref="Source"/> is the yum repository id or the apt source line.</summary>
public sealed record AvailableVersion(string Package, string Version, string Source);

/// <summary>A package at an exact version, in the package manager's own notation (<c>1:1.4.3-1.el7</c>, <c>1:1.4.3~trusty</c>).</summary>
public sealed record PackageVersion(string Package, string Version)
{
    public override string ToString() => $"{Package} {Version}";
}

/// <summary>What an earlier transaction left unfinished on a node.</summary>
/// <param name="Findings">One line per finding, for the journal; empty when nothing was left unfinished.</param>
/// <param name="ReinstallOnly">Packages that only installing them again repairs (dpkg's half-installed, reinstreq); completing leaves them as they are.</param>
/// <param name="NeedsCompletion">Whether <see cref="IPackageManager.Complete"/> has work: a journal to apply, packages to configure, triggers, a yum transaction.</param>
public sealed record Interruption(IReadOnlyList<string> Findings, IReadOnlySet<string> ReinstallOnly, bool NeedsCompletion)
{
    public static Interruption None { get; } = new([], new HashSet<string>(), false);

    public bool Found => Findings.Count > 0;

    public override string ToString() => string.Join("; ", Findings);
}
