using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using Saga.Activities.Telemetry;
using Saga.Engine.Telemetry;

namespace Saga.Host.Telemetry;

/// <summary>
/// OpenTelemetry for every process, exported over OTLP as the standard variables say (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>,
/// <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>, <c>OTEL_EXPORTER_OTLP_HEADERS</c>, <c>OTEL_SERVICE_NAME</c>,
/// <c>OTEL_RESOURCE_ATTRIBUTES</c>, ...), and off when no OTLP endpoint is set. Traces: saga's spans (engine, nodes,
/// host), MassTransit's (it carries the trace context in its message headers, so a node run by a worker is in the trace
/// of the downgrade that sent it) and ASP.NET Core's requests. Metrics: saga's meters and MassTransit's.
/// </summary>
internal static class TelemetryExtensions
{
    private const string MassTransit = "MassTransit";

    public static IHostApplicationBuilder AddSagaTelemetry(this IHostApplicationBuilder builder, string role)
    {
        var configuration = builder.Configuration;
        var traces = Exports(configuration, "TRACES");
        var metrics = Exports(configuration, "METRICS");
        if (!traces && !metrics)
            return builder;

        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(resource =>
        {
            if (string.IsNullOrEmpty(configuration["OTEL_SERVICE_NAME"]))
                resource.AddService("saga", serviceVersion: typeof(TelemetryExtensions).Assembly.GetName().Version?.ToString());
            resource.AddAttributes([new("saga.process.role", role)]);
        });
        if (traces)
        {
            telemetry.WithTracing(tracing => tracing
                .AddSource(EngineTelemetry.SourceName, NodeTelemetry.SourceName, HostTelemetry.SourceName, MassTransit)
                .AddAspNetCoreInstrumentation(o => o.Filter = context => !context.Request.Path.StartsWithSegments(new PathString("/health"), StringComparison.Ordinal))
                .AddOtlpExporter());
        }

        if (metrics)
        {
            telemetry.WithMetrics(meters => meters
                .AddMeter(EngineTelemetry.SourceName, NodeTelemetry.SourceName, HostTelemetry.SourceName, MassTransit)
                .AddAspNetCoreInstrumentation()
                .AddOtlpExporter());
        }

        return builder;
    }

    /// <summary>Whether a signal has somewhere to go: <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, or the signal's own endpoint; <c>OTEL_{signal}_EXPORTER=none</c> turns it off.</summary>
    private static bool Exports(IConfiguration configuration, string signal) =>
        (!string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) || !string.IsNullOrWhiteSpace(configuration[$"OTEL_EXPORTER_OTLP_{signal}_ENDPOINT"]))
        && !string.Equals(configuration[$"OTEL_{signal}_EXPORTER"], "none", StringComparison.OrdinalIgnoreCase);
}
