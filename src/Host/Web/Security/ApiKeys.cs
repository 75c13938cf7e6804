using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Saga.Engine.Activities;
using Saga.Engine.Persistence;

namespace Saga.Host.Web.Security;

/// <summary>What a presented key allows.</summary>
internal enum ApiAccess
{
    None,
    Read,
    Change,
}

/// <summary>
/// Knows the hashes of the API keys: the configured key's, or the one in the hash file, or, at the first start without
/// either, a new random key whose hash it writes there and which it prints once; and the read-only key's, when one is
/// configured. The keys themselves are never stored.
/// </summary>
internal sealed class ApiKeys(IOptions<ApiKeyOptions> options, ISagaStore store, TextWriter console)
{
    public const string HashFileName = "saga-api-key.sha256";
    private readonly Lazy<(byte[] Change, byte[]? Read)> expected = new(() => Load(options.Value, store, console), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Makes sure a key exists (creating and printing it at the first start) and that configured keys are long enough.</summary>
    /// <exception cref="InvalidDataException">A configured key is too short, or the hash file is malformed.</exception>
    public void EnsureCreated() => _ = expected.Value;

    /// <summary>What <paramref name="presented"/> allows; <see cref="ApiAccess.None"/> for no key or a wrong one.</summary>
    public ApiAccess Check(string? presented)
    {
        if (string.IsNullOrEmpty(presented))
            return ApiAccess.None;
        var hash = Hash(presented);
        var (change, read) = expected.Value;
        if (CryptographicOperations.FixedTimeEquals(hash, change))
            return ApiAccess.Change;
        return read is not null && CryptographicOperations.FixedTimeEquals(hash, read) ? ApiAccess.Read : ApiAccess.None;
    }

    private static (byte[] Change, byte[]? Read) Load(ApiKeyOptions options, ISagaStore store, TextWriter console)
    {
        var read = string.IsNullOrEmpty(options.ReadKey) ? null : Hash(LongEnough(options.ReadKey, nameof(ApiKeyOptions.ReadKey)));
        var change = LoadChangeKey(options, store, console);
        if (read is not null && CryptographicOperations.FixedTimeEquals(read, change))
            throw new InvalidDataException($"{ApiKeyOptions.SectionName}:{nameof(ApiKeyOptions.ReadKey)} is the same as the key for changes; give it a key of its own.");
        return (change, read);
    }

    private static byte[] LoadChangeKey(ApiKeyOptions options, ISagaStore store, TextWriter console)
    {
        if (!string.IsNullOrEmpty(options.Key))
            return Hash(LongEnough(options.Key, nameof(ApiKeyOptions.Key)));

        var file = options.KeyHashFile ?? DefaultHashFile(store);
        if (File.Exists(file))
            return ReadHash(file);

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var hash = Hash(key);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        var created = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
            created.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite; // 0600 from the first byte
        using (var writer = new StreamWriter(file, Encoding.ASCII, created))
            writer.Write(Convert.ToHexStringLower(hash) + "\n");
        console.WriteLine($"API key (shown once; only its hash is kept, in {Path.GetFullPath(file)}): {key}");
        console.WriteLine($"Send it as the {ApiKeyOptions.Header} header, or enter it in the designer. Set {ApiKeyOptions.SectionName}:Key to choose one instead.");
        return hash;
    }

    private static string LongEnough(string key, string name) =>
        key.Length >= ApiKeyOptions.MinimumKeyLength
            ? key
            : throw new InvalidDataException(
                $"{ApiKeyOptions.SectionName}:{name} has {key.Length} characters; a key needs at least {ApiKeyOptions.MinimumKeyLength} " +
                "(e.g. from 'openssl rand -base64 32'). Unset it to have saga create one.");

    private static byte[] ReadHash(string file)
    {
        var text = File.ReadAllText(file).Trim();
        if (text.Length != SHA256.HashSizeInBytes * 2 || !text.All(char.IsAsciiHexDigit))
        {
            throw new InvalidDataException(
                $"{Path.GetFullPath(file)} should hold the API key's SHA-256 as {SHA256.HashSizeInBytes * 2} hexadecimal digits. " +
                $"Delete it to have a new key created at the next start, or set {ApiKeyOptions.SectionName}:Key.");
        }

        return Convert.FromHexString(text);
    }

    private static string DefaultHashFile(ISagaStore store) =>
        Path.IsPathRooted(store.Location) ? Path.Combine(Path.GetDirectoryName(store.Location)!, HashFileName) : Path.Combine(StateDirectory.Path, HashFileName);

    /// <summary>
    /// Who presented the key of a request, as the journal records it: <c>sha256:</c> and the first 12 hex digits of
    /// the key's SHA-256, which tell keys apart (a rotation shows) and reveal nothing of the key.
    /// </summary>
    public static Actor Caller(HttpContext http)
    {
        ArgumentNullException.ThrowIfNull(http);
        var presented = http.Request.Headers[ApiKeyOptions.Header].ToString();
        return Actor.ApiKey(presented.Length == 0 ? "(none)" : "sha256:" + Convert.ToHexStringLower(Hash(presented))[..12]);
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
