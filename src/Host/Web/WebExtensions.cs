using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Saga.Engine.Persistence;
using Saga.Host.Web.Api;
using Saga.Host.Web.Designer;
using Saga.Host.Web.Elsa;
using Saga.Host.Web.Health;
using Saga.Host.Web.Operations;
using Saga.Host.Web.Security;

namespace Saga.Host.Web;

/// <summary>What <c>saga serve</c> answers over HTTP.</summary>
internal static class WebExtensions
{
    public static IServiceCollection AddSagaWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRouting();
        services.AddSagaHealth();
        services.AddProblemDetails();
        services.AddSagaHostFiltering(configuration);
        // Binding failures (bad JSON, a missing body, an unknown enum name) throw, so ApiErrors answers them with a
        // ProblemDetails that names the parameter, instead of the empty 400 minimal APIs write by default.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddOptions<DesignerOptions>().Bind(configuration.GetSection(DesignerOptions.SectionName));
        services.AddSingleton<DesignerFiles>();
        services.AddOptions<ApiKeyOptions>().Bind(configuration.GetSection(ApiKeyOptions.SectionName));
        services.AddSingleton(sp => new ApiKeys(sp.GetRequiredService<IOptions<ApiKeyOptions>>(), sp.GetRequiredService<ISagaStore>(), Console.Out));
        services.AddSingleton<InstanceActions>();
        return services;
    }

    public static IEndpointRouteBuilder MapSagaWeb(this WebApplication app)
    {
        app.UseHostFiltering();
        app.UseExceptionHandler(); // the last boundary: a 500 ProblemDetails, logged
        app.UseStatusCodePages(); // errors without a body (404, 405) get a ProblemDetails too
        app.UseDesignerFiles();
        app.UseRouting();
        app.UseApiKeys();
        app.UseApiErrors();
        app.MapSagaHealth();
        app.MapDesigner();
        app.MapGroup(ElsaApi.Prefix).RequireApiKeyForChanges().MapServerInfoApi().MapActivitiesApi().MapDefinitionsApi().MapRegistryApi().MapInstancesApi();
        app.MapOperationsApi();
        return app;
    }
}
