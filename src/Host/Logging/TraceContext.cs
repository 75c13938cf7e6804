using Serilog.Core;
using Serilog.Events;

namespace Saga.Host.Logging;

/// <summary>
/// Writes an event's trace and span ids (which Serilog takes from the current <see cref="System.Diagnostics.Activity"/>)
/// as properties, so the text files show them; compact JSON writes them itself (<c>@tr</c>, <c>@sp</c>).
/// </summary>
internal sealed class TraceContext : ILogEventEnricher
{
    public void Enrich(LogEvent logEvent, ILogEventPropertyFactory propertyFactory)
    {
        if (logEvent.TraceId is { } trace)
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("TraceId", trace.ToHexString()));
        if (logEvent.SpanId is { } span)
            logEvent.AddPropertyIfAbsent(propertyFactory.CreateProperty("SpanId", span.ToHexString()));
    }
}
