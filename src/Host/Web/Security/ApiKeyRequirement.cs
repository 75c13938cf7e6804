using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Saga.Host.Web.Elsa;
using Saga.Host.Web.Operations;

namespace Saga.Host.Web.Security;

/// <summary>
/// Every call that changes something (any method but GET, HEAD, OPTIONS) under the APIs needs the API key in
/// <see cref="ApiKeyOptions.Header"/>. The studio's type-declaration lookup is a POST that changes nothing, so it is
/// exempt. A custom header cannot be sent cross-origin without CORS, which the host never allows.
/// </summary>
internal static class ApiKeyRequirement
{
    private const string ScriptingLookups = ElsaApi.Prefix + "/scripting/";

    public static IApplicationBuilder UseApiKeyForChanges(this IApplicationBuilder app)
    {
        var keys = app.ApplicationServices.GetRequiredService<ApiKeys>();
        return app.Use(async (context, next) =>
        {
            var request = context.Request;
            var api = request.Path.StartsWithSegments(ElsaApi.Prefix, StringComparison.Ordinal) || request.Path.StartsWithSegments(OperationsEndpoints.Prefix, StringComparison.Ordinal);
            var changes = !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method) || HttpMethods.IsOptions(request.Method));
            if (api && changes && !request.Path.StartsWithSegments(ScriptingLookups, StringComparison.Ordinal) && !keys.Matches(request.Headers[ApiKeyOptions.Header]))
            {
                await Results.Problem(
                    $"This change needs the API key in the {ApiKeyOptions.Header} header (in the designer: the key field at the bottom left).",
                    statusCode: StatusCodes.Status401Unauthorized, title: "API key missing or wrong").ExecuteAsync(context);
                return;
            }

            await next(context);
        });
    }
}
