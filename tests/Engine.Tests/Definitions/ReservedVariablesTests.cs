using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Saga.Engine.Activities;
using Saga.Engine.Definitions;
using Saga.Engine.Expressions;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Definitions;

/// <summary>
/// A flow cannot smuggle in a value the host reserves (the downgrade's inventory): not in its own variables, not with a
/// Set variable activity, whether the name is written in it or read from a variable. The host's own code still can.
/// </summary>
public sealed class ReservedVariablesTests
{
    private const string Inventory = TestEngine.Reserved;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task SaveAsync_DefinitionSettingTheInventoryInItsVariables_IsRefused(bool publish)
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Named("smuggle").Then("a1", "Record").Variables("""{"Inventory": {"nodes": [{"host": "10.6.6.6"}]}}""").Build();

        var refused = await Assert.ThrowsAsync<DefinitionValidationException>(() => engine.Definitions.SaveAsync(flow, publish, Ct));

        Assert.Contains(refused.Errors, e => e.Where == "variables" && e.Message.StartsWith("'Inventory' is reserved", StringComparison.Ordinal));
        Assert.Null(await engine.Definitions.GetAsync("smuggle", VersionOption.Latest, Ct));
    }

    [Fact]
    public async Task SaveAsync_SetVariableActivityWritingTheInventory_IsRefused()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Named("smuggle").Then("set", nameof(SetVariable), ("VariableName", Inventory), ("Value", """{"nodes": []}""")).Build();

        var refused = await Assert.ThrowsAsync<DefinitionValidationException>(() => engine.Definitions.SaveAsync(flow, publish: true, Ct));

        Assert.Contains(refused.Errors, e => e.Where.Contains("property 'VariableName'", StringComparison.Ordinal) && e.Message.Contains("a Set variable activity cannot set it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_SetVariableWhoseNameComesFromAVariable_FaultsAndSetsNothing()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Named("smuggle").Add("set", nameof(SetVariable), ("Value", """{"nodes": []}""")).Input("set", nameof(SetVariable.VariableName), Syntaxes.Variable, "target")
            .Then("after", "Record").Build();
        flow.Connections.Add(new ConnectionDefinition { SourceActivityId = "set", Outcome = ActivityResult.Done, TargetActivityId = "after" });
        flow.Variables = """{"target": "inventory"}""";
        await engine.Definitions.SaveAsync(flow, publish: true, Ct);
        var id = (await engine.Runner.CreateAsync("smuggle", null, null, Ct)).InstanceId;

        var outcome = await engine.Runner.RunAsync(id, Ct);

        Assert.Equal(InstanceStatus.Faulted, outcome.Status);
        Assert.Contains("'inventory' is reserved", outcome.Fault!.Message, StringComparison.Ordinal);
        var variables = JsonDocument.Parse((await engine.Instances.GetAsync(id, Ct))!.VariablesJson).RootElement;
        Assert.False(variables.TryGetProperty(Inventory, out _));
    }

    [Fact]
    public async Task CreateAsync_PublishedVersionSavedBeforeTheNameWasReserved_IsRefused()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.Definitions.SaveAsync(Flow.Named("old").Then("a1", "Record").Variables("""{"later": 1}""").Build(), publish: true, Ct);
        await using (var db = await engine.Contexts.CreateDbContextAsync(Ct))
        {
            var record = await db.Definitions.SingleAsync(d => d.DefinitionId == "old", Ct);
            record.Json = record.Json.Replace("later", "inventory", StringComparison.Ordinal); // as a version saved by an earlier saga
            await db.SaveChangesAsync(Ct);
        }

        var refused = await Assert.ThrowsAsync<InstanceStateException>(() => engine.Runner.CreateAsync("old", null, null, Ct));

        Assert.Contains("'inventory' is reserved", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateAsync_TheHostsOwnCodeGivingTheInventory_SetsIt()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.Definitions.SaveAsync(Flow.Named("downgrade").Then("a1", "Record").Build(), publish: true, Ct);

        var id = (await engine.Runner.CreateAsync("downgrade", new Dictionary<string, JsonElement> { [Inventory] = JsonSerializer.SerializeToElement(new { nodes = 1 }) }, null, Ct)).InstanceId;

        var variables = JsonDocument.Parse((await engine.Instances.GetAsync(id, Ct))!.VariablesJson).RootElement;
        Assert.Equal(1, variables.GetProperty(Inventory).GetProperty("nodes").GetInt32());
    }
}
