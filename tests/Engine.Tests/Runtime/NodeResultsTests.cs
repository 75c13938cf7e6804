using Microsoft.EntityFrameworkCore;
using Saga.Engine.Activities;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Runtime;

/// <summary>"Already done" is data: each journal entry keeps a result per node the activity touched.</summary>
public sealed class NodeResultsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task RunAsync_ActivityReportsWhatItDidPerNode_TheJournalEntryKeepsIt(string provider)
    {
        await using var engine = await TestEngine.OnStoreAsync(provider);
        var id = await engine.CreateAsync(Flow.Named("nodes").Then("a1", "PerNode").Then("a2", "Record").Build());

        await engine.Runner.RunAsync(id, Ct);

        var journal = (await engine.GetAsync(id)).Journal;
        Assert.Equal(
            [NodeResult.Done("c1", "downgraded calico-felix"), NodeResult.AlreadyDone("c2", "at 2.6"), NodeResult.Skipped("c3", "not a compute node")],
            journal[0].Nodes);
        Assert.Empty(journal[1].Nodes);
        await using var db = await engine.Contexts.CreateDbContextAsync(Ct);
        var stored = await db.Journal.Where(j => j.InstanceId == id).OrderBy(j => j.Id).Select(j => j.NodesJson).ToListAsync(Ct);
        Assert.Equal(
            """[{"node":"c1","result":"done","reason":"downgraded calico-felix"},{"node":"c2","result":"alreadyDone","reason":"at 2.6"},{"node":"c3","result":"skipped","reason":"not a compute node"}]""",
            stored[0]);
        Assert.Null(stored[1]);
    }
}
