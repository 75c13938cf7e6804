using System.Net;
using Microsoft.Extensions.Configuration;

namespace Saga.Host.Web.Security;

/// <summary>
/// Refuses to listen beyond loopback over plain HTTP unless <see cref="ServeOptions.AllowPlainHttp"/> says so: the API
/// key, and the journal it unlocks, would cross the network readable by anyone on the path.
/// </summary>
internal static class ListenAddresses
{
    /// <summary>Kestrel's own endpoints section; when it names endpoints, Kestrel listens on those instead of the URLs.</summary>
    public const string KestrelEndpoints = "Kestrel:Endpoints";

    /// <exception cref="InvalidDataException">An address would carry the API over plain HTTP beyond loopback.</exception>
    public static void Check(string urls, IConfiguration configuration)
    {
        var options = configuration.GetSection(ServeOptions.SectionName).Get<ServeOptions>() ?? new ServeOptions();
        if (options.AllowPlainHttp)
            return;
        var endpoints = configuration.GetSection(KestrelEndpoints).GetChildren().Select(e => e["Url"]).OfType<string>().ToList();
        var addresses = endpoints.Count > 0 ? endpoints : urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        foreach (var address in addresses.Where(IsPlainBeyondLoopback))
        {
            throw new InvalidDataException(
                $"saga serve would listen on {address} over plain HTTP beyond loopback, where the API key and the journals cross the network readable. " +
                $"Give it HTTPS ({KestrelEndpoints}:NAME:Url=https://...:5443 with {KestrelEndpoints}:NAME:Certificate:Path and :KeyPath or :Password), " +
                $"listen on 127.0.0.1 behind a TLS proxy, or set {ServeOptions.SectionName}:AllowPlainHttp=true on a network no one else shares.");
        }
    }

    private static bool IsPlainBeyondLoopback(string address)
    {
        var scheme = address.Split("://", 2)[0];
        if (!scheme.Equals("http", StringComparison.OrdinalIgnoreCase))
            return false;
        var rest = address.Split("://", 2) is [_, var r] ? r : "";
        var host = rest.Split('/')[0];
        host = host.StartsWith('[') ? host[..(host.IndexOf(']', StringComparison.Ordinal) + 1)] : host.Split(':')[0];
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            return false;
        return !IPAddress.TryParse(host.Trim('[', ']'), out var ip) || !IPAddress.IsLoopback(ip);
    }
}
