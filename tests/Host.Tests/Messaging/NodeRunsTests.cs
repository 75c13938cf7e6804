using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Host.Messaging;

namespace Saga.Host.Tests.Messaging;

/// <summary>A node's run is interrupted only by this process stopping; any other cancellation is a failure of the run.</summary>
public sealed class NodeRunsTests
{
    private const string Child = "0123456789abcdef0123456789abcdef";

    [Fact]
    public async Task RunOrJoin_RunThrowsOperationCanceledWhileTheProcessRuns_IsAFailureNamingItsTypeNotAnInterruption()
    {
        using var lifetime = new Lifetime();
        var runs = new NodeRuns(new Runner(_ => throw new TaskCanceledException("The operation was canceled.")), lifetime);

        var failed = await Assert.ThrowsAsync<NodeRunFailedException>(() => runs.RunOrJoinAsync(Child));

        Assert.Equal($"The run of {Child} failed: System.Threading.Tasks.TaskCanceledException: The operation was canceled.", failed.Message);
    }

    [Fact]
    public async Task RunOrJoin_ProcessStopping_IsAnInterruption()
    {
        using var lifetime = new Lifetime();
        var runs = new NodeRuns(new Runner(async token =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return new RunOutcome(Child, InstanceStatus.Running, "probe");
        }), lifetime);

        var run = runs.RunOrJoinAsync(Child);
        lifetime.StopApplication();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => run);
    }

    [Fact]
    public async Task RunOrJoin_RunEnds_ReportsWhereItLeftTheNode()
    {
        using var lifetime = new Lifetime();
        var faulted = new RunOutcome(Child, InstanceStatus.Faulted, "downgrade-packages") { Fault = new RunFault("yum failed", null) };
        var runs = new NodeRuns(new Runner(_ => Task.FromResult(faulted)), lifetime);

        Assert.Equal(faulted, await runs.RunOrJoinAsync(Child));
    }

    private sealed class Lifetime : IHostApplicationLifetime, IDisposable
    {
        private readonly CancellationTokenSource stopping = new();

        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => stopping.Token;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication() => stopping.Cancel();

        public void Dispose() => stopping.Dispose();
    }

    /// <summary>Runs every instance with <paramref name="run"/>; nothing else is called.</summary>
    private sealed class Runner(Func<CancellationToken, Task<RunOutcome>> run) : IWorkflowRunner
    {
        public Task<RunOutcome> RunAsync(string instanceId, CancellationToken cancellationToken) => run(cancellationToken);

        public Task<CreatedInstance> CreateAsync(string definitionId, IReadOnlyDictionary<string, JsonElement>? variables, CreateInstanceOptions? options, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<RunOutcome> TriggerAsync(string instanceId, string bookmark, JsonElement? payload, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task AnswerAsync(string instanceId, string bookmark, JsonElement? payload, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RewindAsync(string instanceId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RunOutcome> CancelAsync(string instanceId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }
}
