using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using Saga.Engine.Persistence;

namespace Saga.Host.Web.Security;

/// <summary>
/// Knows the hash of the API key: the configured key's, or the one in the hash file, or, at the first start without
/// either, a new random key whose hash it writes there and which it prints once. The key itself is never stored.
/// </summary>
internal sealed class ApiKeys(IOptions<ApiKeyOptions> options, ISagaStore store, TextWriter console)
{
    public const string HashFileName = "saga-api-key.sha256";
    private readonly Lazy<byte[]> expected = new(() => Load(options.Value, store, console), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Makes sure a key exists (creating and printing it at the first start).</summary>
    public void EnsureCreated() => _ = expected.Value;

    public bool Matches(string? presented) =>
        !string.IsNullOrEmpty(presented) && CryptographicOperations.FixedTimeEquals(Hash(presented), expected.Value);

    private static byte[] Load(ApiKeyOptions options, ISagaStore store, TextWriter console)
    {
        if (!string.IsNullOrWhiteSpace(options.Key))
            return Hash(options.Key);

        var file = options.KeyHashFile ?? DefaultHashFile(store);
        if (File.Exists(file))
            return ReadHash(file);

        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var hash = Hash(key);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(file))!);
        File.WriteAllText(file, Convert.ToHexStringLower(hash) + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        console.WriteLine($"API key (shown once; only its hash is kept, in {Path.GetFullPath(file)}): {key}");
        console.WriteLine($"Send it as the {ApiKeyOptions.Header} header, or enter it in the designer. Set {ApiKeyOptions.SectionName}:Key to choose one instead.");
        return hash;
    }

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

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
