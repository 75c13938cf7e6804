namespace Saga.Host.Web.Security;

/// <summary>The API key that changes over HTTP need (<c>Saga:Api</c>).</summary>
internal sealed class ApiKeyOptions
{
    public const string SectionName = "Saga:Api";

    /// <summary>The header that carries the key.</summary>
    public const string Header = "X-Api-Key";

    /// <summary>The key, e.g. from <c>Saga__Api__Key</c>. Presented keys are compared with its SHA-256 in constant time; the host never writes or logs it.</summary>
    /// <value>Default: none; then the first start creates a key, prints it once and stores its SHA-256 in <see cref="KeyHashFile"/>.</value>
    public string? Key { get; set; }

    /// <summary>Where the created key's hash is kept.</summary>
    /// <value>Default: <c>saga-api-key.sha256</c> beside the SQLite store, else in the state directory (<c>~/.local/state/saga</c>).</value>
    public string? KeyHashFile { get; set; }
}
