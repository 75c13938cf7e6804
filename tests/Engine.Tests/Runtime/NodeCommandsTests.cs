using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Engine.Commands;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Runtime;

/// <summary>The remote commands an activity reports are kept in their own table, with its checkpoint, masked and bounded.</summary>
public sealed class NodeCommandsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task RunAsync_ActivityReportsCommands_TheyAreKeptWithItsInstanceAndActivityMaskedAndBounded(string provider)
    {
        await using var engine = await TestEngine.OnStoreAsync(provider);
        var id = await engine.CreateAsync(Flow.Named("commands").Then("probe", "RunCommands").Then("after", "Record").Build());

        await engine.Runner.RunAsync(id, Ct);

        var commands = await engine.Services.GetRequiredService<ICommandJournal>().ListAsync([id], Ct);
        Assert.Equal(3, commands.Count);
        Assert.All(commands, c => Assert.Equal(("probe", id), (c.ActivityId, c.InstanceId)));
        var rpm = Assert.Single(commands, c => c.Command == "rpm -q calico-felix");
        Assert.Equal(("c1", 0, TimeSpan.FromMilliseconds(120)), (rpm.Node, rpm.ExitCode, rpm.Duration));
        Assert.Equal("calico-felix-3.1.3-1.el7.x86_64\n", rpm.Excerpt);
        var dpkg = Assert.Single(commands, c => c.Command.StartsWith("dpkg-query", StringComparison.Ordinal));
        Assert.Equal(1, dpkg.ExitCode);
        Assert.True(dpkg.Excerpt!.Length < 1000, dpkg.Excerpt); // head and tail only
        Assert.EndsWith("dpkg-query: no packages found", dpkg.Excerpt, StringComparison.Ordinal);
        var etcd = Assert.Single(commands, c => c.Command.StartsWith("etcdctl", StringComparison.Ordinal));
        Assert.Equal("etcdctl --password=*** get /calico", etcd.Command);
        Assert.Equal("EtcdPassword = ***\nok", etcd.Excerpt);
        await using var db = await engine.Contexts.CreateDbContextAsync(Ct);
        var rows = await db.Commands.Where(c => c.InstanceId == id).Select(c => c.Command + "\n" + c.Excerpt).ToListAsync(Ct);
        Assert.DoesNotContain(rows, r => r.Contains(RunCommands.Canary, StringComparison.Ordinal));
        Assert.Equal(3, (await db.Instances.SingleAsync(i => i.Id == id, Ct)).CommandsKept);
    }

    [Fact]
    public async Task RunAsync_MoreCommandsThanAnInstanceKeeps_KeepsTheFirstAndSaysHowManyWereNot()
    {
        await using var engine = await TestEngine.StartAsync(settings: new Dictionary<string, string?> { ["Saga:Engine:CommandsPerInstance"] = "4" });
        var id = await engine.CreateAsync(Flow.Named("commands").Then("first", "RunCommands").Then("second", "RunCommands").Build());

        await engine.Runner.RunAsync(id, Ct);

        var commands = await engine.Services.GetRequiredService<ICommandJournal>().ListAsync([id], Ct);
        Assert.Equal(["first", "first", "first", "second"], commands.Select(c => c.ActivityId));
        var second = (await engine.GetAsync(id)).Journal.Single(j => j.ActivityId == "second");
        Assert.Contains("[2 remote command(s) not kept in the journal: Saga:Engine:CommandsPerInstance is 4]", second.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PruneAsync_Run_DeletesItsCommandsAndThoseOfItsChildrenButNoOthers()
    {
        await using var engine = await TestEngine.StartAsync();
        var run = await engine.CreateAsync(Flow.Named("commands").Then("probe", "RunCommands").Build());
        var other = await engine.CreateAsync(Flow.Named("other").Then("probe", "RunCommands").Build());
        await engine.Runner.RunAsync(run, Ct);
        await engine.Runner.RunAsync(other, Ct);
        var journal = engine.Services.GetRequiredService<ICommandJournal>();

        var deleted = await journal.PruneAsync(run, Ct);

        Assert.Equal(3, deleted);
        Assert.Empty(await journal.ListAsync([run], Ct));
        Assert.Equal(3, (await journal.ListAsync([other], Ct)).Count);
    }
}
