namespace Saga.Activities.Facts;

/// <summary>/etc/os-release: <c>KEY=value</c> lines, values optionally quoted.</summary>
public sealed record OsRelease(IReadOnlyDictionary<string, string> Values)
{
    public string Id => Values.GetValueOrDefault("ID", "");

    public string VersionId => Values.GetValueOrDefault("VERSION_ID", "");

    public string PrettyName => Values.GetValueOrDefault("PRETTY_NAME", $"{Id} {VersionId}".Trim());

    /// <summary>The release code name: VERSION_CODENAME, UBUNTU_CODENAME, or the word in VERSION ("14.04.5 LTS, Trusty Tahr").</summary>
    public string? Codename =>
        Values.GetValueOrDefault("VERSION_CODENAME") ?? Values.GetValueOrDefault("UBUNTU_CODENAME")
        ?? (Values.GetValueOrDefault("VERSION") is { } version && version.Split(", ") is [_, var name] ? name.Split(' ')[0].ToLowerInvariant() : null);

    public static OsRelease Parse(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            var at = line.IndexOf('=', StringComparison.Ordinal);
            if (line.StartsWith('#') || at <= 0)
                continue;
            var value = line[(at + 1)..];
            if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
                value = value[1..^1].Replace("\\\"", "\"", StringComparison.Ordinal);
            values[line[..at]] = value;
        }

        return new OsRelease(values);
    }
}
