using Microsoft.AspNetCore.HostFiltering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Saga.Host.Web.Security;

/// <summary>
/// Answers only requests addressed to the names this host is known by (<c>Saga:Serve:AllowedHosts</c>). Against DNS
/// rebinding: a page of another site whose name is made to resolve to 127.0.0.1 is same-origin with itself, not with
/// us, so the browser would let it call the API; its requests still carry its own name in Host, and are refused (400).
/// </summary>
internal static class HostFiltering
{
    public const string ConfigurationKey = "Saga:Serve:AllowedHosts";

    /// <summary>The loopback names, for the default of listening on 127.0.0.1.</summary>
    public const string Default = "127.0.0.1;localhost;[::1]";

    public static IServiceCollection AddSagaHostFiltering(this IServiceCollection services, IConfiguration configuration)
    {
        var hosts = (configuration[ConfigurationKey] is { Length: > 0 } configured ? configured : Default)
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return services.Configure<HostFilteringOptions>(options => options.AllowedHosts = hosts);
    }
}
