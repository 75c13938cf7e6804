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

    /// <summary>The folders of files under <see cref="BasePath"/> (the studio's build and Monaco), as <c>designer/build</c> lays them out.</summary>
    private static readonly string[] AssetFolders = ["studio/", "monaco-editor/"];

    /// <summary>
    /// What the designer's pages may load and do: everything from this host only. The studio (Stencil) and Monaco add
    /// style elements and attributes, Monaco starts its web workers from blob: URLs, and the studio's CSS draws some
    /// controls with data: images. No inline script, no eval, no frames, no plugins.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self'; " +
        "worker-src 'self' blob:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The designer's files (studio, Monaco, our pages), each answer with the headers of <see cref="Protect"/>.</summary>
    public static IApplicationBuilder UseDesignerFiles(this IApplicationBuilder app)
    {
        var files = app.ApplicationServices.GetRequiredService<DesignerFiles>();
        app.Use((context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(BasePath, StringComparison.OrdinalIgnoreCase))
                Protect(context.Response);
            return next(context);
        });
        if (files.Root is null)
            return app;
        return app.UseStaticFiles(new StaticFileOptions { RequestPath = BasePath, FileProvider = new PhysicalFileProvider(files.Root) });
    }

    public static IEndpointRouteBuilder MapDesigner(this IEndpointRouteBuilder endpoints)
    {
        var files = endpoints.ServiceProvider.GetRequiredService<DesignerFiles>();
        endpoints.MapGet("/", () => Results.Redirect(BasePath + "/"));
        endpoints.MapGet(BasePath + "/operations", () => Page(files, "operations.html"));
        endpoints.MapGet(BasePath + "/{**route}", (string? route) =>
            IsAsset(route) ? Results.NotFound() : Page(files, DesignerFiles.HostPage));
        return endpoints;
    }

    /// <summary>
    /// A path in the folders of files (a missing chunk or font is a 404, not the host page); anything else is one of
    /// the dashboard's client-side routes, whose ids may well contain a dot (<c>workflow-definitions/calico.v2</c>).
    /// </summary>
    private static bool IsAsset(string? route) =>
        AssetFolders.Any(folder => route?.StartsWith(folder, StringComparison.OrdinalIgnoreCase) == true);

    private static void Protect(HttpResponse response)
    {
        response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
        response.Headers.XContentTypeOptions = "nosniff";
    }

    private static IResult Page(DesignerFiles files, string name) =>
        files.Root is null
            ? Results.Content($"<!DOCTYPE html><title>saga: designer not built</title><p>{DesignerFiles.HowToBuild}</p>", "text/html; charset=utf-8", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.File(Path.Combine(files.Root, name), "text/html; charset=utf-8");
}
