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
        // Several processes (serve, workers, the command line) may share one log file: each event says which wrote it.
        var args = Environment.GetCommandLineArgs();
        var process = $"{(args.Length > 1 ? args[1] : "saga")}/{Environment.ProcessId}";
        builder.Services.AddSerilog((_, logger) => logger.ReadFrom.Configuration(builder.Configuration).Enrich.FromLogContext().Enrich.WithProperty("Process", process),
            preserveStaticLogger: false, writeToProviders: false);
        return builder;
    }
}
