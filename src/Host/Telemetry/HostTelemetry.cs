using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Saga.Host.Telemetry;

/// <summary>
/// What the host tells OpenTelemetry: a span <c>compute node {node}</c> for each compute node a process runs from the
/// bus, and the metric <c>saga.nodes.in_flight</c> (compute nodes running in this process now).
/// </summary>
internal static class HostTelemetry
{
    public const string SourceName = "Saga.Host";

    private static readonly ActivitySource Source = new(SourceName);
    private static readonly Meter Meter = new(SourceName);
    private static readonly UpDownCounter<long> NodesInFlight = Meter.CreateUpDownCounter<long>("saga.nodes.in_flight", "{node}", "Compute nodes this process runs now.");

    /// <summary>Counts the node in flight until disposed, inside a span of its own.</summary>
    public static NodeScope StartComputeNode(string node, string childInstanceId, string parentInstanceId)
    {
        var span = Source.StartActivity($"compute node {node}", ActivityKind.Consumer);
        span?.SetTag("saga.node", node).SetTag("saga.instance.id", childInstanceId).SetTag("saga.instance.parent_id", parentInstanceId);
        NodesInFlight.Add(1);
        return new NodeScope(span);
    }

    /// <summary>One compute node's run in this process.</summary>
    internal sealed class NodeScope(Activity? span) : IDisposable
    {
        public void Ended(string status) => span?.SetTag("saga.instance.status", status);

        public void Dispose()
        {
            NodesInFlight.Add(-1);
            span?.Dispose();
        }
    }
}
