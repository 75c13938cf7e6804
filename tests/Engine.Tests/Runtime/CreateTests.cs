using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Runtime;

/// <summary>Creating an instance under a given id (a bus message's, a request's) never makes two, even at the same instant.</summary>
public sealed class CreateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task CreateAsync_SameIdTwiceAtTheSameInstant_MakesOneInstanceAndTellsTheSecondCallerItExists(string provider)
    {
        await using var engine = await TestEngine.OnStoreAsync(provider);
        await engine.PublishChildAsync();

        for (var round = 0; round < 5; round++)
        {
            var options = new CreateInstanceOptions(Name: $"round {round}", InstanceId: $"0123456789abcdef0123456789abcd{round:D2}");
            using var together = new Barrier(2);
            var created = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => Task.Run(() =>
            {
                together.SignalAndWait(Ct);
                return engine.Runner.CreateAsync("child", null, options, Ct);
            }, Ct)));

            Assert.Equal([false, true], created.Select(c => c.Existed).Order());
            Assert.All(created, c => Assert.Equal(options.InstanceId, c.InstanceId));
        }

        var page = await engine.Instances.QueryAsync(new InstanceQuery { DefinitionId = "child", Take = 100 }, Ct);
        Assert.Equal(5, page.TotalCount);
        Assert.Equal(5, engine.Changes.All.Count(c => c.Kind == WorkflowChangeKind.Created));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task CreateAsync_SameIdAfterItRan_ReturnsItAsItIs(string provider)
    {
        await using var engine = await TestEngine.OnStoreAsync(provider);
        await engine.PublishChildAsync();
        var options = new CreateInstanceOptions(InstanceId: "0123456789abcdef0123456789abcdef");

        var first = await engine.Runner.CreateAsync("child", null, options, Ct);
        await engine.Runner.RunAsync(first.InstanceId, Ct);
        var second = await engine.Runner.CreateAsync("child", null, options, Ct);

        Assert.Equal((first.InstanceId, false, true), (second.InstanceId, first.Existed, second.Existed));
        Assert.Equal(InstanceStatus.Finished, (await engine.GetAsync(second.InstanceId)).Summary.Status);
    }

    [Fact]
    public async Task CreateAsync_NoIdGiven_AlwaysMakesANewInstance()
    {
        await using var engine = await TestEngine.StartAsync();
        await engine.PublishChildAsync();

        var first = await engine.Runner.CreateAsync("child", null, null, Ct);
        var second = await engine.Runner.CreateAsync("child", null, null, Ct);

        Assert.NotEqual(first.InstanceId, second.InstanceId);
        Assert.False(first.Existed || second.Existed);
    }
}
