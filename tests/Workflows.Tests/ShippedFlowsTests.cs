using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saga.Engine.Definitions;
using Saga.Engine.Persistence;

namespace Saga.Workflows.Tests;

public sealed class ShippedFlowsTests : IAsyncLifetime
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "saga-flows-tests", Guid.NewGuid().ToString("N"));
    private ServiceProvider services = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IWorkflowDefinitions Definitions => services.GetRequiredService<IWorkflowDefinitions>();

    public async ValueTask InitializeAsync()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Saga"] = $"Data Source={Path.Combine(folder, "saga.db")}",
        }).Build();
        var collection = new ServiceCollection().AddLogging();
        collection.AddSagaEngine(configuration).AddCalicoWorkflows(configuration);
        services = collection.BuildServiceProvider();
        await services.GetRequiredService<ISagaStore>().EnsureReadyAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await services.DisposeAsync();
        SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task EnsurePublished_EmptyStore_PublishesEveryFlowAndTheyPassPublishValidation()
    {
        await services.GetRequiredService<ShippedFlows>().EnsurePublishedAsync(Ct);

        foreach (var id in new[] { CalicoDowngradeFlow.DefinitionId, ComputeNodeFlow.DefinitionId, RestoreFlow.DefinitionId, RestoreNodeFlow.DefinitionId })
        {
            var published = await Definitions.GetAsync(id, VersionOption.Published, Ct);
            Assert.NotNull(published);
            Assert.Equal(1, published.Version);
        }
    }

    [Fact]
    public async Task EnsurePublished_BySeveralProcessesAtOnceOnANewStore_PublishesEachFlowOnceAndFailsNone()
    {
        var shipped = services.GetRequiredService<ShippedFlows>();

        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => Task.Run(() => shipped.EnsurePublishedAsync(Ct), Ct)));

        Assert.Single(await Definitions.ListVersionsAsync(CalicoDowngradeFlow.DefinitionId, Ct));
        Assert.Single(await Definitions.ListVersionsAsync(ComputeNodeFlow.DefinitionId, Ct));
    }

    [Fact]
    public async Task EnsurePublished_Again_AddsNoVersion()
    {
        var shipped = services.GetRequiredService<ShippedFlows>();
        await shipped.EnsurePublishedAsync(Ct);

        await shipped.EnsurePublishedAsync(Ct);

        Assert.Single(await Definitions.ListVersionsAsync(CalicoDowngradeFlow.DefinitionId, Ct));
    }

    [Fact]
    public async Task EnsurePublished_OperatorEditedAndPublished_IsLeftAlone()
    {
        var shipped = services.GetRequiredService<ShippedFlows>();
        await shipped.EnsurePublishedAsync(Ct);
        var edited = (await Definitions.GetAsync(CalicoDowngradeFlow.DefinitionId, VersionOption.Published, Ct))!;
        edited.Activities.RemoveAll(a => a.ActivityId == "delete-etcdv3"); // done by hand, say
        edited.Connections.RemoveAll(c => c.TargetActivityId == "delete-etcdv3" || c.SourceActivityId == "delete-etcdv3");
        await Definitions.SaveAsync(edited, publish: true, Ct);

        await shipped.EnsurePublishedAsync(Ct);

        var published = (await Definitions.GetAsync(CalicoDowngradeFlow.DefinitionId, VersionOption.Published, Ct))!;
        Assert.Equal(2, published.Version);
        Assert.DoesNotContain(published.Activities, a => a.ActivityId == "delete-etcdv3");
    }

    [Fact]
    public void CalicoDowngrade_FollowsTheRunbookOrderWithTheReadyFlagBeforeAnyPackageChangeAndTheEvidenceBeforeTheDelete()
    {
        var flow = CalicoDowngradeFlow.Build();

        Assert.Equal(
            ["preflight", "ready-flag", "install-calicoctl", "point-repo", "clean-cache", "resolve-versions", "neutron-etcd-port", "downgrade-control", "restart-neutron",
             "check-sources-control", "compute-canary", "ask-canary", "approve-canary", "compute-rest", "gate-compute", "verify-live", "etcdv3-nodes", "dump-etcdv3",
             "ask-delete", "approve-delete", "delete-etcdv3"],
            Walk(flow));
    }

    [Fact]
    public void CalicoDowngrade_SetsTheReadyFlagBeforeAnyPackageChanges()
    {
        var order = Walk(CalicoDowngradeFlow.Build());

        Assert.Equal(order.IndexOf("preflight") + 1, order.IndexOf("ready-flag"));
        Assert.True(order.IndexOf("ready-flag") < order.IndexOf("downgrade-control"), string.Join(", ", order));
        Assert.True(order.IndexOf("ready-flag") < order.IndexOf("compute-canary"), string.Join(", ", order));
    }

    [Fact]
    public void CalicoDowngrade_ApprovalsAreSkippedOnlyByTheGateAndAStaleDumpIsTakenAgain()
    {
        var connections = CalicoDowngradeFlow.Build().Connections.Select(c => (c.SourceActivityId, c.Outcome, c.TargetActivityId)).ToList();

        Assert.Contains(("ask-canary", "Skip", "compute-rest"), connections);
        Assert.Contains(("approve-canary", "Approved", "compute-rest"), connections);
        Assert.DoesNotContain(connections, c => c.SourceActivityId == "approve-canary" && c.Outcome == "Rejected");
        Assert.Contains(("ask-delete", "Skip", "delete-etcdv3"), connections);
        Assert.Contains(("approve-delete", "Approved", "delete-etcdv3"), connections);
        Assert.DoesNotContain(connections, c => c.SourceActivityId == "approve-delete" && c.Outcome == "Rejected");
        Assert.Contains(("delete-etcdv3", "Stale", "dump-etcdv3"), connections);
        Assert.Equal(["approve-delete", "ask-delete"], connections.Where(c => c.TargetActivityId == "delete-etcdv3").Select(c => c.SourceActivityId).Order());
    }

    [Fact]
    public void ComputeNode_ProbesFirstSwitchesItsOwnRepositoryAndVerifiesLast()
    {
        Assert.Equal(
            ["probe", "point-repo", "clean-cache", "remove-datastore-type", "set-etcd-endpoints", "neutron-etcd-port", "downgrade-packages", "restart-felix", "restart-dhcp-agent", "restart-neutron-server",
             "verify-felix", "check-sources"],
            Walk(ComputeNodeFlow.Build()));
    }

    [Fact]
    public void RestoreNode_UndoesInReverse_SourcesThenPackagesThenFilesThenServicesThenVerifies()
    {
        Assert.Equal(
            ["restore-sources", "install-recorded-versions", "restore-files", "restart-services", "verify-restored"],
            Walk(RestoreNodeFlow.Build()));
    }

    [Fact]
    public void Restore_PutsTheEtcdV3DataBackBeforeTheNodesAndTheReadyFlagLast()
    {
        Assert.Equal(["restore-etcdv3", "restore-nodes", "restore-ready-flag"], Walk(RestoreFlow.Build()));
        Assert.Equal(RestoreNodeFlow.DefinitionId, Saga.Activities.Steps.Restore.RestoreNodes.ChildDefinitionId);
    }

    [Fact]
    public void Export_ShippedFlow_RoundTripsAsElsaJson()
    {
        var json = DefinitionJson.Write(CalicoDowngradeFlow.Build());

        Assert.Equal(json, DefinitionJson.Write(DefinitionJson.Parse(json)));
    }

    /// <summary>The path through the flow by each step's first connection (Done, Ask, Approved), every step once.</summary>
    private static List<string> Walk(WorkflowDefinition flow)
    {
        var order = new List<string>();
        var next = flow.Activities[0].ActivityId;
        while (next is not null && !order.Contains(next))
        {
            order.Add(next);
            next = flow.Connections.FirstOrDefault(c => c.SourceActivityId == next)?.TargetActivityId;
        }

        return order;
    }
}
