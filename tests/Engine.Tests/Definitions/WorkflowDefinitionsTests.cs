using Microsoft.EntityFrameworkCore;
using Saga.Engine.Definitions;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Definitions;

public sealed class WorkflowDefinitionsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SaveAsync_NewDefinition_IsVersionOneDraftAndLatest()
    {
        await using var engine = await TestEngine.StartAsync();

        var saved = await engine.Definitions.SaveAsync(Flow.Named("d").Then("a1", "Record").Build(), publish: false, Ct);

        Assert.Equal((1, true, false), (saved.Version, saved.IsLatest, saved.IsPublished));
        Assert.NotNull(saved.Id);
    }

    [Fact]
    public async Task SaveAsync_DraftSavedAgain_OverwritesTheDraftInPlace()
    {
        await using var engine = await TestEngine.StartAsync();
        var first = await engine.Definitions.SaveAsync(Flow.Named("d").Then("a1", "Record").Build(), publish: false, Ct);

        var second = await engine.Definitions.SaveAsync(Flow.Named("d").Then("a1", "Record").Then("a2", "Record").Build(), publish: false, Ct);

        Assert.Equal((first.Id, 1), (second.Id, second.Version));
        Assert.Single(await engine.Definitions.ListVersionsAsync("d", Ct));
    }

    [Fact]
    public async Task SaveAsync_AfterPublish_AddsANewDraftVersionAndKeepsThePublishedOne()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.Definitions.SaveAsync(Flow.Named("d").Then("a1", "Record").Build(), publish: true, Ct);

        var draft = await engine.Definitions.SaveAsync(Flow.Named("d").Then("a1", "Record").Then("a2", "Record").Build(), publish: false, Ct);

        Assert.Equal((2, true, false), (draft.Version, draft.IsLatest, draft.IsPublished));
        var published = await engine.Definitions.GetAsync("d", VersionOption.Published, Ct);
        Assert.Equal((1, false, true), (published!.Version, published.IsLatest, published.IsPublished));
        Assert.Single(published.Activities);
        var v1 = await engine.Definitions.GetAsync("d", VersionOption.Specific(1), Ct);
        Assert.Single(v1!.Activities);
        Assert.Equal(2, (await engine.Definitions.GetAsync("d", VersionOption.Latest, Ct))!.Activities.Count);
    }

    [Fact]
    public async Task PublishAsync_Draft_BecomesTheOnlyPublishedVersion()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.Definitions.SaveAsync(Flow.Named("d").Then("a1", "Record").Build(), publish: true, Ct);
        await engine.Definitions.SaveAsync(Flow.Named("d").Then("a1", "Record").Then("a2", "Record").Build(), publish: false, Ct);

        var published = await engine.Definitions.PublishAsync("d", Ct);

        Assert.Equal(2, published!.Version);
        var versions = await engine.Definitions.ListVersionsAsync("d", Ct);
        Assert.Equal([(2, true, true), (1, false, false)], versions.Select(v => (v.Version, v.IsLatest, v.IsPublished)));
    }

    [Fact]
    public async Task RetractAsync_Published_LeavesNoPublishedVersion()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.Definitions.SaveAsync(Flow.Named("d").Then("a1", "Record").Build(), publish: true, Ct);

        await engine.Definitions.RetractAsync("d", Ct);

        Assert.Null(await engine.Definitions.GetAsync("d", VersionOption.Published, Ct));
        Assert.NotNull(await engine.Definitions.GetAsync("d", VersionOption.Draft, Ct));
    }

    [Fact]
    public async Task SaveAsync_StudioQuirks_AreNormalized()
    {
        await using var engine = await TestEngine.StartAsync();
        var definition = Flow.Named("  d  ").Then("a1", "Record").Build();
        definition.Name = "  Named  ";
        definition.PersistenceBehavior = " WorkflowBurst";

        var saved = await engine.Definitions.SaveAsync(definition, publish: false, Ct);

        Assert.Equal(("d", "Named", "WorkflowBurst", "{}"), (saved.DefinitionId, saved.Name, saved.PersistenceBehavior, saved.Variables));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SaveAsync_ConnectionToAMissingActivity_IsRefusedAndNothingIsWritten(bool publish)
    {
        await using var engine = await TestEngine.StartAsync();
        var definition = Flow.Named("bad").Then("a1", "Record").Connect("a1", "Done", "ghost").Build();

        var error = await Assert.ThrowsAsync<DefinitionValidationException>(() => engine.Definitions.SaveAsync(definition, publish, Ct));

        Assert.Contains(error.Errors, e => e.Where == "connection a1 --Done--> ghost" && e.Message == "target activity 'ghost' does not exist");
        await AssertStoreEmptyAsync(engine);
    }

    [Fact]
    public async Task SaveAsync_UnknownActivityType_IsRefusedNamingTheActivity()
    {
        await using var engine = await TestEngine.StartAsync();
        var definition = Flow.Named("bad").Then("a1", "Record").Then("a2", "DrainNode").Build();
        definition.Activities[1].DisplayName = "Drain it";

        var error = await Assert.ThrowsAsync<DefinitionValidationException>(() => engine.Definitions.SaveAsync(definition, publish: false, Ct));

        Assert.Equal("activity 'Drain it' (a2): unknown activity type 'DrainNode'", Assert.Single(error.Errors).ToString());
        await AssertStoreEmptyAsync(engine);
    }

    [Fact]
    public async Task SaveAsync_InputOfTheWrongType_IsRefusedNamingActivityAndProperty()
    {
        await using var engine = await TestEngine.StartAsync();
        var definition = Flow.Named("bad").Then("wait", "Delay", ("Duration", "ten minutes")).Build();

        var error = await Assert.ThrowsAsync<DefinitionValidationException>(() => engine.Definitions.SaveAsync(definition, publish: true, Ct));

        var only = Assert.Single(error.Errors);
        Assert.Equal("activity 'wait', property 'Duration'", only.Where);
        Assert.StartsWith("'ten minutes' is not a valid duration", only.Message, StringComparison.Ordinal);
        await AssertStoreEmptyAsync(engine);
    }

    [Fact]
    public async Task SaveAsync_UnknownOutcomeOrInput_IsRefused()
    {
        await using var engine = await TestEngine.StartAsync();
        var definition = Flow.Named("bad").Add("a1", "Record", ("Txet", "typo")).Add("a2", "Record").Connect("a1", "Approved", "a2").Build();

        var error = await Assert.ThrowsAsync<DefinitionValidationException>(() => engine.Definitions.SaveAsync(definition, publish: false, Ct));

        Assert.Equal(
            ["activity 'a1', property 'Txet': Record has no such input", "connection a1 --Approved--> a2: activity 'a1' (Record) has no outcome 'Approved' (it has Done)"],
            error.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public async Task ListFullAsync_LatestOrPublished_LoadsBothVersionsInFullNewestFirst()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.Definitions.SaveAsync(Flow.Named("b").Then("a1", "Record").Build(), publish: true, Ct);
        await engine.Definitions.SaveAsync(Flow.Named("b").Then("a1", "Record").Then("a2", "Record").Build(), publish: false, Ct);
        await engine.Definitions.SaveAsync(Flow.Named("a").Then("a1", "Record").Build(), publish: false, Ct);

        var list = await engine.Definitions.ListFullAsync(new DefinitionQuery { Version = VersionOption.LatestOrPublished }, Ct);

        Assert.Equal([("a", 1), ("b", 2), ("b", 1)], list.Select(d => (d.DefinitionId!, d.Version)));
        Assert.Equal([1, 2, 1], list.Select(d => d.Activities.Count));
    }

    [Fact]
    public async Task ListFullAsync_IdsSearchAndVersion_AreAppliedTogether()
    {
        await using var engine = await TestEngine.StartAsync();
        var gate = Flow.Named("gate").Then("a1", "Record").Build();
        gate.Description = "Waits for the CANARY";
        await engine.Definitions.SaveAsync(gate, publish: true, Ct);
        await engine.Definitions.SaveAsync(Flow.Named("gate").Then("a1", "Record").Build(), publish: false, Ct);
        await engine.Definitions.SaveAsync(Flow.Named("other").Then("a1", "Record").Build(), publish: true, Ct);

        var every = await engine.Definitions.ListFullAsync(new DefinitionQuery { DefinitionIds = ["gate"] }, Ct);
        var searched = await engine.Definitions.ListFullAsync(new DefinitionQuery { SearchTerm = "canary", Version = VersionOption.Published }, Ct);
        var second = await engine.Definitions.ListFullAsync(new DefinitionQuery { Version = VersionOption.Specific(2) }, Ct);

        Assert.Equal([2, 1], every.Select(d => d.Version));
        Assert.Equal(("gate", 1), (Assert.Single(searched).DefinitionId, searched[0].Version));
        Assert.Equal(("gate", 2), (Assert.Single(second).DefinitionId, second[0].Version));
    }

    [Fact]
    public async Task PublishAsync_DraftMissingARequiredInputOrAStart_IsRefusedAndStaysADraft()
    {
        await using var engine = await TestEngine.StartAsync();
        var definition = Flow.Named("d").Then("wait", "Delay").Then("again", "Delay", ("Duration", "00:00:01")).Connect("again", "Done", "wait").Build();
        await engine.Definitions.SaveAsync(definition, publish: false, Ct);

        var error = await Assert.ThrowsAsync<DefinitionValidationException>(() => engine.Definitions.PublishAsync("d", Ct));

        Assert.Contains(error.Errors, e => e.ToString() == "activity 'wait', property 'Duration': a value is required");
        Assert.Contains(error.Errors, e => e.Message.StartsWith("has no start activity", StringComparison.Ordinal));
        Assert.Null(await engine.Definitions.GetAsync("d", VersionOption.Published, Ct));
    }

    private static async Task AssertStoreEmptyAsync(TestEngine engine)
    {
        Assert.Empty(await engine.Definitions.ListAsync(Ct));
        await engine.WithStoreAsync(async db => Assert.Equal(0, await db.Definitions.CountAsync(Ct)));
    }
}
