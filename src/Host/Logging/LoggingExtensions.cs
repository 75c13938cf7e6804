using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Serilog;
using Serilog.Formatting.Compact;

namespace Saga.Host.Logging;

/// <summary>Serilog for every process of the host: the console and the daily files (<c>Saga:Logs</c>), levels and extra sinks from <c>Serilog</c>.</summary>
internal static class LoggingExtensions
{
    private const string TextTemplate = "{Timestamp:yyyy-MM-ddTHH:mm:ss.fffZ} {Level:u3} [{InstanceId}/{ActivityId}] {Message:lj} {Properties:j}{NewLine}{Exception}";
    private const string ConsoleTemplate = "{Timestamp:HH:mm:ss} {Level:u3} {Message:lj}{NewLine}{Exception}";

    /// <summary>
    /// Console (standard error, so command output on standard output stays clean; warnings and up by default) through
    /// <see cref="ConsoleLog"/>, which a live view can hold back, and a daily file in <see cref="LogsOptions.ResolvedDirectory"/>.
    /// The engine's scopes (instance, activity; node in the downgrade) become properties of every event, and so do the
    /// trace and span ids of the OpenTelemetry activity an event was written in.
    /// </summary>
    public static IHostApplicationBuilder AddSagaLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        var options = builder.Configuration.GetSection(LogsOptions.SectionName).Get<LogsOptions>() ?? new LogsOptions();
        var json = options.Format == LogFormat.Json;
        var console = new ConsoleLog(new LoggerConfiguration().MinimumLevel.Verbose()
            .WriteTo.Console(json ? new CompactJsonFormatter() : new Serilog.Formatting.Display.MessageTemplateTextFormatter(ConsoleTemplate),
                restrictedToMinimumLevel: options.ConsoleLevel, standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose)
            .CreateLogger());
        var file = Path.Combine(options.ResolvedDirectory, json ? "saga-.json" : "saga-.log");
        builder.Services.AddSingleton(console);
        builder.Services.AddSingleton(new LogFiles(options.ResolvedDirectory));

        // Several processes (serve, workers, the command line) may share one log file: each event says which wrote it.
        var args = Environment.GetCommandLineArgs();
        var process = $"{(args.Length > 1 ? args[1] : "saga")}/{Environment.ProcessId}";
        builder.Services.AddSerilog((_, logger) =>
            {
                // The sink assemblies named, as a single-file publish cannot be scanned for them.
                var reader = new Serilog.Settings.Configuration.ConfigurationReaderOptions(typeof(ConsoleLoggerConfigurationExtensions).Assembly, typeof(FileLoggerConfigurationExtensions).Assembly);
                logger.ReadFrom.Configuration(builder.Configuration, reader).Enrich.FromLogContext().Enrich.WithProperty("Process", process);
                if (!json)
                    logger.Enrich.With<TraceContext>();
                // Both sinks behind the one masking rule: no secret a step read on a node is written out.
                logger.WriteTo.Sink(Serilog.Configuration.LoggerSinkConfiguration.Wrap(sink => new SecretMaskingSink(sink), to =>
                {
                    to.Sink(console);
                    if (json)
                        to.File(new CompactJsonFormatter(), file, rollingInterval: RollingInterval.Day, shared: true, retainedFileCountLimit: options.RetainedFiles);
                    else
                        to.File(file, outputTemplate: TextTemplate, rollingInterval: RollingInterval.Day, shared: true, retainedFileCountLimit: options.RetainedFiles);
                }));
            },
            preserveStaticLogger: false, writeToProviders: false);
        return builder;
    }
}

/// <summary>The folder this process writes its log files to, for messages that point at them.</summary>
internal sealed record LogFiles(string Directory);
