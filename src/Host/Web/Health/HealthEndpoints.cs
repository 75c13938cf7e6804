using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Saga.Host.Web.Health;

/// <summary>
/// Kubernetes-style probes. <c>/health/live</c>: the process answers (no check runs, so a slow store never gets a live
/// process restarted). <c>/health/ready</c>: every check tagged <see cref="Ready"/>: the store reachable and migrated,
/// and MassTransit's own bus check (its receive endpoints connected, so RabbitMQ reachable). 200 when all are
/// healthy, 503 otherwise, with one line per check.
/// </summary>
internal static class HealthEndpoints
{
    /// <summary>The tag of readiness checks; MassTransit tags its bus check so too.</summary>
    public const string Ready = "ready";

    public const string LivePath = "/health/live";
    public const string ReadyPath = "/health/ready";

    public static IServiceCollection AddSagaHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<StoreHealthCheck>(StoreHealthCheck.Name, HealthStatus.Unhealthy, [Ready], TimeSpan.FromSeconds(10));
        return services;
    }

    public static IEndpointRouteBuilder MapSagaHealth(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync });
        var ready = new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(Ready),
            ResponseWriter = WriteAsync,
            ResultStatusCodes = { [HealthStatus.Degraded] = StatusCodes.Status503ServiceUnavailable },
        };
        endpoints.MapHealthChecks(ReadyPath, ready);
        endpoints.MapHealthChecks("/health", ready); // the first address, kept for those who probe it
        return endpoints;
    }

    /// <summary>The overall status, then a line per check: its name, status and what it saw.</summary>
    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        var text = new StringBuilder().Append(report.Status).Append('\n');
        foreach (var (name, entry) in report.Entries.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            text.Append(name).Append(": ").Append(entry.Status);
            if ((entry.Description ?? entry.Exception?.Message) is { Length: > 0 } description)
                text.Append(" (").Append(description.ReplaceLineEndings(" ")).Append(')');
            text.Append('\n');
        }

        context.Response.ContentType = "text/plain; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        return context.Response.WriteAsync(text.ToString(), context.RequestAborted);
    }
}
