namespace Saga.Activities.Calico;

/// <summary>
/// The 2.6 versions resolved once per OS and release (key: <see cref="Facts.NodePlatform.Key"/>) and kept in the
/// instance, so every node and every retry installs exactly the same set.
/// </summary>
public sealed record VersionSet(string Platform, IReadOnlyDictionary<string, string> Versions)
{
    public string? VersionOf(string package) => Versions.GetValueOrDefault(package);
}
