using Microsoft.Extensions.Configuration;

namespace Saga.Host.Tests.Deployment;

/// <summary>Configuration values that remember which of their keys were read.</summary>
internal sealed class RecordingConfiguration(IReadOnlyDictionary<string, string> values) : ConfigurationProvider, IConfigurationSource
{
    private readonly HashSet<string> read = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyCollection<string> Read
    {
        get
        {
            lock (read)
                return read.ToList();
        }
    }

    public override void Load() => Data = new Dictionary<string, string?>(values.Select(p => KeyValuePair.Create(p.Key, (string?)p.Value)), StringComparer.OrdinalIgnoreCase);

    public override bool TryGet(string key, out string? value)
    {
        var found = base.TryGet(key, out value);
        if (found)
        {
            lock (read)
                read.Add(key);
        }

        return found;
    }

    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;
}
