using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Saga.Host.Tests.Telemetry;

/// <summary>
/// An OTLP/HTTP collector in the test (protobuf over HTTP, /v1/traces and /v1/metrics, as the OTLP specification's
/// HTTP transport has them): keeps every span and the name of every metric it is sent.
/// </summary>
internal sealed class OtlpReceiver : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly Task loop;

    public OtlpReceiver()
    {
        using (var probe = new TcpListener(IPAddress.Loopback, 0))
        {
            probe.Start();
            Endpoint = $"http://127.0.0.1:{((IPEndPoint)probe.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)}";
        }

        listener.Prefixes.Add(Endpoint + "/");
        listener.Start();
        loop = Task.Run(ReceiveAsync);
    }

    public string Endpoint { get; }

    public ConcurrentQueue<OtlpSpan> Spans { get; } = new();

    public ConcurrentDictionary<string, string> Metrics { get; } = new();

    /// <summary>The environment that points saga's exporter here.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint,
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["OTEL_METRIC_EXPORT_INTERVAL"] = "500",
    };

    public void Dispose()
    {
        listener.Close();
        loop.Wait(TimeSpan.FromSeconds(5));
    }

    private async Task ReceiveAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception ex) when (ex is HttpListenerException or ObjectDisposedException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            var request = new ProtoMessage(body.ToArray());
            if (context.Request.Url!.AbsolutePath == "/v1/traces")
                ReadSpans(request);
            else if (context.Request.Url.AbsolutePath == "/v1/metrics")
                ReadMetrics(request);
            context.Response.StatusCode = 200;
            context.Response.ContentType = "application/x-protobuf";
            context.Response.Close(); // an empty Export...ServiceResponse: everything accepted
        }
    }

    /// <summary>ExportTraceServiceRequest: resource_spans = 1 → { resource = 1, scope_spans = 2 → { scope = 1, spans = 2 } }.</summary>
    private void ReadSpans(ProtoMessage request)
    {
        foreach (var resourceSpans in request.Messages(1))
        {
            var resource = Attributes(resourceSpans.Message(1), 1);
            foreach (var scopeSpans in resourceSpans.Messages(2))
            {
                var scope = scopeSpans.Message(1)?.String(1) ?? "";
                foreach (var span in scopeSpans.Messages(2))
                {
                    // Span: trace_id = 1, span_id = 2, parent_span_id = 4, name = 5, attributes = 9, status = 15 → { code = 3 }.
                    Spans.Enqueue(new OtlpSpan(scope, span.Hex(1)!, span.Hex(2)!, span.Hex(4), span.String(5)!, Attributes(span, 9), resource,
                        (int)(span.Message(15)?.Number(3) ?? 0)));
                }
            }
        }
    }

    /// <summary>ExportMetricsServiceRequest: resource_metrics = 1 → { scope_metrics = 2 → { scope = 1, metrics = 2 → { name = 1 } } }.</summary>
    private void ReadMetrics(ProtoMessage request)
    {
        foreach (var scopeMetrics in request.Messages(1).SelectMany(r => r.Messages(2)))
        {
            var scope = scopeMetrics.Message(1)?.String(1) ?? "";
            foreach (var metric in scopeMetrics.Messages(2))
                Metrics[metric.String(1)!] = scope;
        }
    }

    /// <summary>KeyValue attributes (field 9 of a span, 1 of a resource): key = 1, value = 2 → AnyValue { string = 1, bool = 2, int = 3 }.</summary>
    private static Dictionary<string, string> Attributes(ProtoMessage? owner, int field)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        if (owner is null)
            return attributes;
        foreach (var pair in owner.Messages(field))
        {
            var value = pair.Message(2);
            attributes[pair.String(1)!] = value?.String(1) ?? value?.Number(3)?.ToString(CultureInfo.InvariantCulture) ?? (value?.Number(2) is { } b ? (b != 0).ToString() : "");
        }

        return attributes;
    }
}

/// <summary>One span as the receiver got it.</summary>
internal sealed record OtlpSpan(string Scope, string TraceId, string SpanId, string? ParentSpanId, string Name, IReadOnlyDictionary<string, string> Attributes,
    IReadOnlyDictionary<string, string> Resource, int StatusCode)
{
    public string? this[string attribute] => Attributes.GetValueOrDefault(attribute);
}
