using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Saga.Host.Web;

/// <summary>What <c>saga serve</c> answers over HTTP.</summary>
internal static class WebExtensions
{
    public static IServiceCollection AddSagaWeb(this IServiceCollection services)
    {
        services.AddRouting();
        services.AddHealthChecks();
        return services;
    }

    public static IEndpointRouteBuilder MapSagaWeb(this WebApplication app)
    {
        app.UseRouting();
        app.MapHealthChecks("/health");
        return app;
    }
}
