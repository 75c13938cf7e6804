using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;
using Saga.Activities.Services;

namespace Saga.Activities.Facts;

/// <summary>What a node runs, and so which package and service managers speak for it.</summary>
public sealed record NodePlatform(string Family, string Release, string? Codename, IPackageManager Packages, IServiceManager Services, ICalicoRepository Repository)
{
    public const string CentOS = "centos";
    public const string Ubuntu = "ubuntu";

    /// <summary>"centos 7" or "ubuntu 14.04 (trusty)": the key under which a version set is resolved once.</summary>
    public string Key => Codename is null ? $"{Family} {Release}" : $"{Family} {Release} ({Codename})";

    /// <summary>CentOS/RHEL 7 (yum, systemd), Ubuntu 14.04 (apt 1.0, upstart) and 16.04 (apt, systemd); anything else is refused.</summary>
    public static NodePlatform From(OsRelease os, string node)
    {
        var major = os.VersionId.Split('.')[0];
        switch (os.Id)
        {
            case "centos" or "rhel" when major == "7":
                return new NodePlatform(CentOS, major, null, new Yum(), new Systemd(), new YumCalicoRepository());
            case "ubuntu" when os.VersionId.StartsWith("14.04", StringComparison.Ordinal):
                return new NodePlatform(Ubuntu, "14.04", os.Codename ?? "trusty", new Apt(legacyForceYes: true), new Upstart(), new AptCalicoRepository());
            case "ubuntu" when os.VersionId.StartsWith("16.04", StringComparison.Ordinal):
                return new NodePlatform(Ubuntu, "16.04", os.Codename ?? "xenial", new Apt(legacyForceYes: false), new Systemd(), new AptCalicoRepository());
            default:
                throw new NodeException(node,
                    $"runs {os.PrettyName} (ID={os.Id}, VERSION_ID={os.VersionId}); supported are CentOS/RHEL 7 and Ubuntu 14.04 and 16.04",
                    retryable: false);
        }
    }

    /// <summary>Back from a recorded <see cref="Key"/>.</summary>
    public static NodePlatform FromKey(string key, string node)
    {
        var parts = key.Split(' ', 3);
        var values = new Dictionary<string, string> { ["ID"] = parts[0], ["VERSION_ID"] = parts.Length > 1 ? parts[1] : "" };
        if (parts.Length > 2)
            values["VERSION_CODENAME"] = parts[2].Trim('(', ')');
        return From(new OsRelease(values), node);
    }

    public override string ToString() => Key;
}
