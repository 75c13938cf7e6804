using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;

namespace Saga.Host.Web.Designer;

/// <summary>
/// <c>/designer</c>: the studio's dashboard (our host page), its assets and Monaco, and our operations page, all from
/// the built designer folder. The dashboard routes client-side, so any other path under /designer gets the host page.
/// </summary>
internal static class DesignerEndpoints
{
    public const string BasePath = "/designer";

    public static IApplicationBuilder UseDesignerFiles(this IApplicationBuilder app)
    {
        var files = app.ApplicationServices.GetRequiredService<DesignerFiles>();
        if (files.Root is null)
            return app;
        return app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = BasePath,
            FileProvider = new PhysicalFileProvider(files.Root),
            OnPrepareResponse = context => context.Context.Response.Headers.XContentTypeOptions = "nosniff",
        });
    }

    public static IEndpointRouteBuilder MapDesigner(this IEndpointRouteBuilder endpoints)
    {
        var files = endpoints.ServiceProvider.GetRequiredService<DesignerFiles>();
        endpoints.MapGet("/", () => Results.Redirect(BasePath + "/"));
        endpoints.MapGet(BasePath + "/operations", () => Page(files, "operations.html"));
        endpoints.MapGet(BasePath + "/{**route}", (string? route) =>
            Path.HasExtension(route) ? Results.NotFound() : Page(files, DesignerFiles.HostPage));
        return endpoints;
    }

    private static IResult Page(DesignerFiles files, string name) =>
        files.Root is null
            ? Results.Content($"<!DOCTYPE html><title>saga: designer not built</title><p>{DesignerFiles.HowToBuild}</p>", "text/html; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.File(Path.Combine(files.Root, name), "text/html; charset=utf-8");
}
