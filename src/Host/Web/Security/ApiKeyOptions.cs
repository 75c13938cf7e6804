namespace Saga.Host.Web.Security;

/// <summary>The API keys that reading instances and changing anything over HTTP need (<c>Saga:Api</c>).</summary>
internal sealed class ApiKeyOptions
{
    public const string SectionName = "Saga:Api";

    /// <summary>The header that carries the key.</summary>
    public const string Header = "X-Api-Key";

    /// <summary>The shortest key accepted in configuration: 32 characters, as long as the key saga creates.</summary>
    public const int MinimumKeyLength = 32;

    /// <summary>The key, e.g. from <c>Saga__Api__Key</c>: reads and changes. Presented keys are compared with its SHA-256 in constant time; the host never writes or logs it.</summary>
    /// <value>Default: none; then the first start creates a key, prints it once and stores its SHA-256 in <see cref="KeyHashFile"/>. At least <see cref="MinimumKeyLength"/> characters.</value>
    public string? Key { get; set; }

    /// <summary>A second key that reads (instances, journals, variables) but changes nothing, for dashboards and auditors.</summary>
    /// <value>Default: none. At least <see cref="MinimumKeyLength"/> characters, and not the same as <see cref="Key"/>.</value>
    public string? ReadKey { get; set; }

    /// <summary>Where the created key's hash is kept.</summary>
    /// <value>Default: <c>saga-api-key.sha256</c> beside the SQLite store, else in the state directory (<c>~/.local/state/saga</c>).</value>
    public string? KeyHashFile { get; set; }

    /// <summary>Wrong or missing keys one client address may present in <see cref="FailedKeyWindow"/> before it gets 429 for the rest of it.</summary>
    /// <value>Default: 10.</value>
    public int FailedKeyLimit { get; set; } = 10;

    /// <summary>The window <see cref="FailedKeyLimit"/> counts in.</summary>
    /// <value>Default: one minute.</value>
    public TimeSpan FailedKeyWindow { get; set; } = TimeSpan.FromMinutes(1);
}
