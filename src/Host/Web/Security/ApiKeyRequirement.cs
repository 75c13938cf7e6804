using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Saga.Host.Web.Security;

/// <summary>
/// Calls that change something (any method but GET, HEAD, OPTIONS) on an endpoint marked with
/// <see cref="RequireApiKeyForChanges{TBuilder}"/> need the API key in <see cref="ApiKeyOptions.Header"/>. The mark sits
/// on the matched endpoint, not on a path prefix, so no spelling of a URL (case, escapes) reaches an endpoint without
/// it. A custom header cannot be sent cross-origin without CORS, which the host never allows.
/// </summary>
internal static class ApiKeyRequirement
{
    /// <summary>Every endpoint of <paramref name="builder"/> (a group, usually) needs the key for changes.</summary>
    public static TBuilder RequireApiKeyForChanges<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(KeyRequired.Instance);

    /// <summary>A POST that changes nothing (the studio's type-declaration lookup) needs no key.</summary>
    public static TBuilder ChangesNothing<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(KeyNotNeeded.Instance);

    /// <summary>Checks the key on the endpoint routing chose; must come after <c>UseRouting</c>.</summary>
    public static IApplicationBuilder UseApiKeyForChanges(this IApplicationBuilder app)
    {
        var keys = app.ApplicationServices.GetRequiredService<ApiKeys>();
        return app.Use(async (context, next) =>
        {
            if (NeedsKey(context) && !keys.Matches(context.Request.Headers[ApiKeyOptions.Header]))
            {
                await Results.Problem(
                    $"This change needs the API key in the {ApiKeyOptions.Header} header (in the designer: the key field at the bottom left).",
                    statusCode: StatusCodes.Status401Unauthorized, title: "API key missing or wrong").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }

    private static bool NeedsKey(HttpContext context)
    {
        var method = context.Request.Method;
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method))
            return false;
        var metadata = context.GetEndpoint()?.Metadata;
        return metadata?.GetMetadata<KeyRequired>() is not null && metadata.GetMetadata<KeyNotNeeded>() is null;
    }

    private sealed class KeyRequired
    {
        public static readonly KeyRequired Instance = new();
    }

    private sealed class KeyNotNeeded
    {
        public static readonly KeyNotNeeded Instance = new();
    }
}
