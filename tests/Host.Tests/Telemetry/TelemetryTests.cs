using Saga.Host.Tests.Support;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Telemetry;

/// <summary>A downgrade against the lab, exported over OTLP/HTTP to a receiver in the test: one trace from the run to each node's commands.</summary>
public sealed class TelemetryTests
{
    [Fact]
    public async Task Run_WithAnOtlpEndpoint_ExportsOneTraceFromTheRunThroughTheBusToEveryNodesCommands()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute", "u1:trusty:compute");
        using var receiver = new OtlpReceiver();
        using var workspace = new Workspace();
        foreach (var (key, value) in receiver.Environment)
            workspace.Environment[key] = value;

        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath);

        Assert.True(run.ExitCode == 0, run.ToString());
        var id = Workspace.InstanceIdIn(run.Stdout);
        var spans = receiver.Spans.ToList();
        var root = Assert.Single(spans, s => s.Scope == "Saga.Engine" && s.Name == "run calico-downgrade" && s["saga.instance.id"] == id && s.ParentSpanId is null);
        var trace = spans.Where(s => s.TraceId == root.TraceId).ToList();
        Assert.Equal("saga", root.Resource["service.name"]);
        foreach (var node in new[] { "c1", "u1" })
        {
            var nodeSpan = Assert.Single(trace, s => s.Scope == "Saga.Host" && s.Name == $"compute node {node}");
            Assert.Equal("Finished", nodeSpan["saga.instance.status"]);
            Assert.Contains(trace, s => s.Scope == "Saga.Engine" && s.Name == "run calico-downgrade-compute-node" && s["saga.instance.name"] == node);
            var commands = trace.Where(s => s.Scope == "Saga.Activities" && s.Name.StartsWith("ssh ", StringComparison.Ordinal) && s["saga.node"] == node).ToList();
            Assert.Contains(commands, c => c["saga.command.exit_code"] == "0" && c["saga.command"]!.Contains("calico-felix", StringComparison.Ordinal));
        }

        Assert.Contains(trace, s => s.Scope == "MassTransit"); // the bus carried the trace from the fan-out to the nodes
        Assert.Contains(trace, s => s.Scope == "Saga.Activities" && s["saga.node"] == "ctl" && s.Name == "ssh yum");
        Assert.Contains(trace, s => s.Scope == "Saga.Engine" && s["saga.activity.type"] == "DowngradeControlPackages");
        Assert.DoesNotContain(spans, s => s.Attributes.Values.Any(v => v.Contains("BEGIN OPENSSH PRIVATE KEY", StringComparison.Ordinal)));

        foreach (var metric in new[] { "saga.runs", "saga.step.duration", "saga.checkpoint.duration", "saga.ssh.connect.duration", "saga.nodes.in_flight" })
            Assert.True(receiver.Metrics.ContainsKey(metric), $"no {metric} among {string.Join(", ", receiver.Metrics.Keys)}");
        Assert.Contains(receiver.Metrics, m => m.Value == "MassTransit");
        Assert.Contains(root.TraceId, workspace.Log(), StringComparison.Ordinal); // log events carry the trace id
    }

    [Fact]
    public async Task Run_WithoutAnOtlpEndpoint_SendsNothing()
    {
        using var receiver = new OtlpReceiver();
        using var workspace = new Workspace();
        workspace.Write("gate.json", Definitions.DelayChain("gate", "00:00:00.01"));
        await workspace.RunAsync("definitions", "import", "gate.json", "--publish");

        var start = await workspace.RunAsync("start", "gate");

        Assert.Equal(0, start.ExitCode);
        Assert.Empty(receiver.Spans);
        Assert.Empty(receiver.Metrics);
    }
}
