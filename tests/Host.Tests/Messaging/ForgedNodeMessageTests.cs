using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Saga.Activities.Steps.Cluster;
using Saga.Contracts;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Host.Messaging;
using Saga.Workflows;

namespace Saga.Host.Tests.Messaging;

/// <summary>
/// The internal messages carry ids only, and a consumer believes them only as far as the store agrees: a forged
/// RunComputeNode cannot resume a downgrade (skipping its approval or a fault), nor a forged ComputeNodeFinished wake one.
/// </summary>
public sealed class ForgedNodeMessageTests
{
    private const string Parent = "0000000000000000000000000000000a";
    private const string Child = "0000000000000000000000000000000b";
    private const string OtherParent = "0000000000000000000000000000000c";

    [Fact]
    public async Task RunComputeNode_naming_a_downgrade_instead_of_a_node_runs_nothing()
    {
        // The attack: a faulted (or approval-waiting) downgrade resumed by whoever can publish, no ResumeDowngrade signed.
        var store = new Store(Instance(Parent, "calico-downgrade", InstanceStatus.Faulted), Instance(OtherParent, "calico-downgrade", InstanceStatus.Suspended));

        var runs = await ConsumeAsync(store, new RunComputeNode(OtherParent, Parent));

        Assert.Empty(runs);
    }

    [Fact]
    public async Task RunComputeNode_for_a_node_of_another_downgrade_or_of_one_that_ended_runs_nothing()
    {
        var store = new Store(
            Instance(Parent, "calico-downgrade", InstanceStatus.Cancelled),
            Instance(OtherParent, "calico-downgrade", InstanceStatus.Suspended),
            Instance(Child, DowngradeComputeNodes.ChildDefinitionId, InstanceStatus.Faulted, parent: Parent));

        var runs = await ConsumeAsync(store, new RunComputeNode(OtherParent, Child), new RunComputeNode(Parent, Child), new RunComputeNode(Parent, Guid.NewGuid().ToString("N")));

        Assert.Empty(runs);
    }

    [Fact]
    public async Task RunComputeNode_for_a_node_of_a_waiting_downgrade_runs_it()
    {
        var store = new Store(
            Instance(Parent, "calico-downgrade", InstanceStatus.Suspended),
            Instance(Child, DowngradeComputeNodes.ChildDefinitionId, InstanceStatus.Running, parent: Parent));

        var runs = await ConsumeAsync(store, new RunComputeNode(Parent, Child));

        Assert.Equal([Child], runs);
    }

    [Fact]
    public async Task ComputeNodeFinished_for_a_node_still_running_wakes_nothing_and_one_that_ended_wakes_its_downgrade()
    {
        var store = new Store(
            Instance(Parent, "calico-downgrade", InstanceStatus.Suspended, bookmark: DowngradeComputeNodes.Bookmark),
            Instance(Child, DowngradeComputeNodes.ChildDefinitionId, InstanceStatus.Running, parent: Parent));
        var runner = new Runner();

        await ConsumeAsync(store, runner, new ComputeNodeFinished(Parent, Child), new ComputeNodeFinished(Parent, Parent));
        var early = runner.Triggered.ToList();
        store.Set(Instance(Child, DowngradeComputeNodes.ChildDefinitionId, InstanceStatus.Finished, parent: Parent));
        await ConsumeAsync(store, runner, new ComputeNodeFinished(Parent, Child));

        Assert.Empty(early);
        Assert.Equal([Parent], runner.Triggered);
    }

    private static Task<List<string>> ConsumeAsync(Store store, params object[] messages) => ConsumeAsync(store, new Runner(), messages);

    /// <summary>Delivers <paramref name="messages"/> to the host's consumers; returns the instances run.</summary>
    private static async Task<List<string>> ConsumeAsync(Store store, Runner runner, params object[] messages)
    {
        await using var provider = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IWorkflowInstances>(store)
            .AddSingleton<IWorkflowRunner>(runner)
            .AddSingleton<IHostApplicationLifetime, Lifetime>()
            .AddSingleton<NodeRuns>()
            .AddSingleton<NodeFailureRestore>()
            .AddMassTransitTestHarness(bus =>
            {
                bus.AddConsumer<RunComputeNodeConsumer>();
                bus.AddConsumer<ComputeNodeFinishedConsumer>();
            })
            .BuildServiceProvider(validateScopes: true);
        var harness = provider.GetRequiredService<ITestHarness>();
        await harness.Start();
        try
        {
            foreach (var message in messages)
                await harness.Bus.Publish(message, TestContext.Current.CancellationToken);
            foreach (var message in messages)
            {
                var consumed = message is RunComputeNode run
                    ? await harness.Consumed.Any<RunComputeNode>(c => c.Context.Message == run, TestContext.Current.CancellationToken)
                    : await harness.Consumed.Any<ComputeNodeFinished>(c => c.Context.Message == (ComputeNodeFinished)message, TestContext.Current.CancellationToken);
                Assert.True(consumed, $"{message} was not consumed");
            }

            Assert.False(await harness.Consumed.Any(c => c.Exception is not null, TestContext.Current.CancellationToken));
        }
        finally
        {
            await harness.Stop(TestContext.Current.CancellationToken);
        }

        return runner.Ran.ToList();
    }

    private static InstanceSummary Instance(string id, string definition, InstanceStatus status, string? parent = null, string? bookmark = null) =>
        new(id, definition, definition + "-1", 1, "c1", status, null, bookmark, null, null, DateTime.UtcNow, null, null, null, null, null, null, null, parent);

    /// <summary>The store as far as the consumers read it: instances by id.</summary>
    private sealed class Store(params InstanceSummary[] instances) : IWorkflowInstances
    {
        private readonly Dictionary<string, InstanceSummary> byId = instances.ToDictionary(i => i.Id);

        public void Set(InstanceSummary instance) => byId[instance.Id] = instance;

        public Task<InstanceSummary?> FindAsync(string instanceId, CancellationToken cancellationToken) => Task.FromResult(byId.GetValueOrDefault(instanceId));

        public Task<IReadOnlyList<InstanceSummary>> ListAsync(InstanceStatus? status, int limit, CancellationToken cancellationToken, bool includeChildren = false) => throw new NotSupportedException();

        public Task<IReadOnlyList<InstanceSummary>> ListChildrenAsync(string parentInstanceId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<InstanceDetails?> GetAsync(string instanceId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<InstancePage> QueryAsync(InstanceQuery query, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyDictionary<string, IReadOnlyDictionary<InstanceStatus, int>>> CountChildrenAsync(IReadOnlyCollection<string> parentInstanceIds, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task<int> CountNotEndedAsync(string definitionId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    /// <summary>Records what it is asked to run or wake; a run ends the node at once.</summary>
    private sealed class Runner : IWorkflowRunner
    {
        public System.Collections.Concurrent.ConcurrentQueue<string> Ran { get; } = new();

        public System.Collections.Concurrent.ConcurrentQueue<string> Triggered { get; } = new();

        public Task<RunOutcome> RunAsync(string instanceId, CancellationToken cancellationToken)
        {
            Ran.Enqueue(instanceId);
            return Task.FromResult(new RunOutcome(instanceId, InstanceStatus.Suspended, null));
        }

        public Task<RunOutcome> TriggerAsync(string instanceId, string bookmark, JsonElement? payload, CancellationToken cancellationToken)
        {
            Triggered.Enqueue(instanceId);
            return Task.FromResult(new RunOutcome(instanceId, InstanceStatus.Suspended, null));
        }

        public Task<CreatedInstance> CreateAsync(string definitionId, IReadOnlyDictionary<string, JsonElement>? variables, CreateInstanceOptions? options, CancellationToken cancellationToken) =>
            throw new NotSupportedException();

        public Task AnswerAsync(string instanceId, string bookmark, JsonElement? payload, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task RewindAsync(string instanceId, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<RunOutcome> CancelAsync(string instanceId, CancellationToken cancellationToken) => throw new NotSupportedException();
    }

    private sealed class Lifetime : IHostApplicationLifetime
    {
        public CancellationToken ApplicationStarted => CancellationToken.None;

        public CancellationToken ApplicationStopping => CancellationToken.None;

        public CancellationToken ApplicationStopped => CancellationToken.None;

        public void StopApplication()
        {
        }
    }
}
