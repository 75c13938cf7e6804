using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Instances;

public sealed class WorkflowInstancesTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task QueryAsync_Page_IsNewestFirstWithTheUnpagedCount()
    {
        await using var engine = await TestEngine.StartAsync();
        var ids = await CreateAsync(engine, "d", 5);

        var page = await engine.Instances.QueryAsync(new InstanceQuery { Skip = 2, Take = 2 }, Ct);

        Assert.Equal(5, page.TotalCount);
        Assert.Equal([ids[2], ids[1]], page.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task QueryAsync_Filters_AreCombinedAndCounted()
    {
        await using var engine = await TestEngine.StartAsync();
        var mine = await CreateAsync(engine, "mine", 2, correlationId: "change-42");
        await CreateAsync(engine, "other", 2, correlationId: "change-42");
        await engine.Runner.RunAsync(mine[0], Ct);

        var running = await engine.Instances.QueryAsync(new InstanceQuery { DefinitionId = "mine", Status = InstanceStatus.Running, CorrelationId = "change-42" }, Ct);
        var finished = await engine.Instances.QueryAsync(new InstanceQuery { DefinitionId = "mine", Status = InstanceStatus.Finished }, Ct);

        Assert.Equal((1, mine[1]), (running.TotalCount, Assert.Single(running.Items).Id));
        Assert.Equal((1, mine[0]), (finished.TotalCount, Assert.Single(finished.Items).Id));
    }

    [Fact]
    public async Task QueryAsync_SearchTerm_IgnoresCaseInNameIdAndCorrelationId()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.Definitions.SaveAsync(Flow.Named("d").Then("a1", "Record").Build(), publish: true, Ct);
        var byName = (await engine.Runner.CreateAsync("d", null, new CreateInstanceOptions(Name: "Cluster EAST"), Ct)).InstanceId;
        var byCorrelation = (await engine.Runner.CreateAsync("d", null, new CreateInstanceOptions(CorrelationId: "ticket-east-7"), Ct)).InstanceId;
        await engine.Runner.CreateAsync("d", null, new CreateInstanceOptions(Name: "west"), Ct);

        var page = await engine.Instances.QueryAsync(new InstanceQuery { SearchTerm = "East" }, Ct);

        Assert.Equal(2, page.TotalCount);
        Assert.Equal(new[] { byName, byCorrelation }.Order(StringComparer.Ordinal), page.Items.Select(i => i.Id).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task QueryAsync_Children_AreListedOnlyWhenAsked()
    {
        await using var engine = await TestEngine.StartAsync();
        var parent = (await CreateAsync(engine, "parent", 1))[0];
        await engine.Definitions.SaveAsync(Flow.Named("child").Then("c1", "Record").Build(), publish: true, Ct);
        await engine.Runner.CreateAsync("child", null, new CreateInstanceOptions(ParentInstanceId: parent), Ct);

        var topLevel = await engine.Instances.QueryAsync(new InstanceQuery { DefinitionId = "child" }, Ct);
        var withChildren = await engine.Instances.QueryAsync(new InstanceQuery { DefinitionId = "child", IncludeChildren = true }, Ct);

        Assert.Equal(0, topLevel.TotalCount);
        Assert.Equal(1, withChildren.TotalCount);
    }

    [Fact]
    public async Task QueryAsync_OrderByFinished_PutsTheLatestFinishedFirst()
    {
        await using var engine = await TestEngine.StartAsync();
        var ids = await CreateAsync(engine, "d", 2);
        await engine.Runner.RunAsync(ids[1], Ct);
        engine.Time.Advance(TimeSpan.FromMinutes(1));
        await engine.Runner.RunAsync(ids[0], Ct);

        var page = await engine.Instances.QueryAsync(new InstanceQuery { OrderBy = InstanceOrder.Finished }, Ct);

        Assert.Equal([ids[0], ids[1]], page.Items.Select(i => i.Id));
    }

    [Fact]
    public async Task CountChildrenAsync_CountsEachParentsChildrenPerStatus()
    {
        await using var engine = await TestEngine.StartAsync();
        var parents = await CreateAsync(engine, "parent", 3);
        await engine.Definitions.SaveAsync(Flow.Named("child").Then("c1", "Record").Build(), publish: true, Ct);
        var done = (await engine.Runner.CreateAsync("child", null, new CreateInstanceOptions(ParentInstanceId: parents[0]), Ct)).InstanceId;
        await engine.Runner.CreateAsync("child", null, new CreateInstanceOptions(ParentInstanceId: parents[0]), Ct);
        await engine.Runner.CreateAsync("child", null, new CreateInstanceOptions(ParentInstanceId: parents[1]), Ct);
        await engine.Runner.RunAsync(done, Ct);

        var counts = await engine.Instances.CountChildrenAsync([parents[0], parents[2]], Ct);

        var first = Assert.Single(counts).Value;
        Assert.Equal(1, first[InstanceStatus.Finished]);
        Assert.Equal(1, first[InstanceStatus.Running]);
        Assert.True(counts.ContainsKey(parents[0]));
    }

    [Fact]
    public async Task CountNotEndedAsync_CountsRunningWaitingAndFaulted_NotFinishedOrCancelled()
    {
        await using var engine = await TestEngine.StartAsync();
        var ids = await CreateAsync(engine, "d", 3);
        await engine.Runner.RunAsync(ids[0], Ct);
        await engine.Runner.CancelAsync(ids[1], Ct);

        Assert.Equal(1, await engine.Instances.CountNotEndedAsync("d", Ct));
        Assert.Equal(0, await engine.Instances.CountNotEndedAsync("unknown", Ct));
    }

    [Fact]
    public async Task FindAsync_IsTheSummary_OrNullWhenUnknown()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = (await CreateAsync(engine, "d", 1))[0];

        Assert.Equal(id, (await engine.Instances.FindAsync(id, Ct))?.Id);
        Assert.Null(await engine.Instances.FindAsync("nope", Ct));
    }

    /// <summary>Publishes a one-step flow and creates <paramref name="count"/> instances a minute apart, oldest first.</summary>
    private static async Task<List<string>> CreateAsync(TestEngine engine, string definitionId, int count, string? correlationId = null)
    {
        await engine.Definitions.SaveAsync(Flow.Named(definitionId).Then("a1", "Record").Build(), publish: true, Ct);
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            engine.Time.Advance(TimeSpan.FromMinutes(1));
            ids.Add((await engine.Runner.CreateAsync(definitionId, null, new CreateInstanceOptions(CorrelationId: correlationId), Ct)).InstanceId);
        }

        return ids;
    }
}
