using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Saga.Host.Web.Security;

/// <summary>
/// Which calls need the API key in <see cref="ApiKeyOptions.Header"/>. On an endpoint marked with
/// <see cref="RequireApiKey{TBuilder}"/> every call does (reads accept the read-only key too): instances, their journal,
/// variables and execution log. On one marked with <see cref="RequireApiKeyForChanges{TBuilder}"/> only calls that change
/// something (any method but GET, HEAD, OPTIONS) do: definitions and the palette, which the studio loads before a key is
/// entered. The mark sits on the matched endpoint, not on a path prefix, so no spelling of a URL (case, escapes) reaches
/// an endpoint without it. A custom header cannot be sent cross-origin without CORS, which the host never allows. A client
/// address that presents too many wrong or missing keys is answered 429 for the rest of the window.
/// </summary>
internal static class ApiKeyRequirement
{
    /// <summary>Every call to the endpoints of <paramref name="builder"/> needs a key: the read-only key for reads, the key for changes.</summary>
    public static TBuilder RequireApiKey<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(KeyRequired.ForReads);

    /// <summary>Every endpoint of <paramref name="builder"/> (a group, usually) needs the key for changes; reads are open.</summary>
    public static TBuilder RequireApiKeyForChanges<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(KeyRequired.ForChanges);

    /// <summary>A POST that changes nothing (the studio's type-declaration lookup) needs no key.</summary>
    public static TBuilder ChangesNothing<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => builder.WithMetadata(KeyNotNeeded.Instance);

    /// <summary>Checks the key on the endpoint routing chose; must come after <c>UseRouting</c>.</summary>
    public static IApplicationBuilder UseApiKeys(this IApplicationBuilder app)
    {
        var keys = app.ApplicationServices.GetRequiredService<ApiKeys>();
        var options = app.ApplicationServices.GetRequiredService<IOptions<ApiKeyOptions>>().Value;
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ApiKeyRequirement));
        var failures = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = Math.Max(1, options.FailedKeyLimit),
            Window = options.FailedKeyWindow,
            QueueLimit = 0,
        }));
        return app.Use(async (context, next) =>
        {
            var needed = Needed(context);
            if (needed == ApiAccess.None)
            {
                await next(context);
                return;
            }

            var client = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (failures.GetStatistics(client) is { CurrentAvailablePermits: 0 })
            {
                // Too many wrong keys from this address: no key is even looked at until the window ends.
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(options.FailedKeyWindow.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await Results.Problem($"Too many wrong or missing API keys from {client}; try again later.", statusCode: StatusCodes.Status429TooManyRequests,
                    title: "Too many failed key checks").ExecuteAsync(context);
                return;
            }

            var access = keys.Check(context.Request.Headers[ApiKeyOptions.Header]);
            if (access >= needed)
            {
                await next(context);
                return;
            }

            using (failures.AttemptAcquire(client))
            {
                // counted; the lease is the count itself and needs no holding
            }

            logger.LogWarning("{Method} {Path} from {Client} refused: {Reason}", context.Request.Method, context.Request.Path, client,
                access == ApiAccess.Read ? "the read-only key cannot change anything" : "no API key, or a wrong one");
            await (access == ApiAccess.Read
                ? Results.Problem("This change needs the API key for changes; the read-only key only reads.", statusCode: StatusCodes.Status403Forbidden, title: "Read-only key")
                : Results.Problem(
                    $"This call needs the API key in the {ApiKeyOptions.Header} header (in the designer: the key field at the bottom left).",
                    statusCode: StatusCodes.Status401Unauthorized, title: "API key missing or wrong")).ExecuteAsync(context);
        });
    }

    /// <summary>What the matched endpoint needs for this request's method.</summary>
    private static ApiAccess Needed(HttpContext context)
    {
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata is null || metadata.GetMetadata<KeyNotNeeded>() is not null)
            return ApiAccess.None;
        var marks = metadata.GetOrderedMetadata<KeyRequired>();
        if (marks.Count == 0)
            return ApiAccess.None;
        var method = context.Request.Method;
        var reads = HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method);
        if (!reads)
            return ApiAccess.Change;
        return marks.Any(m => m.Reads) ? ApiAccess.Read : ApiAccess.None;
    }

    private sealed class KeyRequired(bool reads)
    {
        public static readonly KeyRequired ForReads = new(reads: true);
        public static readonly KeyRequired ForChanges = new(reads: false);

        public bool Reads => reads;
    }

    private sealed class KeyNotNeeded
    {
        public static readonly KeyNotNeeded Instance = new();
    }
}
