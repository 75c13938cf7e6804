using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;

namespace Saga.Host.Logging;

/// <summary>Serilog for every process of the host: sinks and levels from the <c>Serilog</c> configuration section.</summary>
internal static class LoggingExtensions
{
    /// <summary>
    /// Console (standard error, so command output on standard output stays clean) and a rolling file by default.
    /// The engine's scopes (instance, activity; node in the downgrade) become properties of every event.
    /// </summary>
    public static IHostApplicationBuilder AddSagaLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        builder.Services.AddSerilog((_, logger) => logger.ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext(), preserveStaticLogger: false, writeToProviders: false);
        return builder;
    }
}
