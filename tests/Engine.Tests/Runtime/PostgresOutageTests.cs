using Microsoft.Extensions.Logging;
using Saga.Engine.Instances;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Runtime;

/// <summary>
/// The real PostgreSQL stopped mid-run for longer than the lease, on a server of the test's own (the shared test
/// server is never stopped). Runs on the system clock: the outage has to last, in real time, longer than the lease.
/// </summary>
public sealed class PostgresOutageTests
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_StoreStoppedLongerThanTheLease_RunnersWaitAndFinishWithNoFaultAndNoStepTwice()
    {
        await using var server = await OwnPostgresServer.StartAsync(Ct);
        var settings = server.Settings;
        settings["Saga:Engine:LeaseDuration"] = Lease.ToString();
        await using var engine = await TestEngine.StartAsync(settings: settings, systemClock: true);
        var definition = await engine.Definitions.SaveAsync(Flow.Named("outage").Then("a1", "Record").Then("a2", "Block").Then("a3", "Record").Build(), publish: true, Ct);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
            ids.Add((await engine.Runner.CreateAsync(definition.DefinitionId!, null, null, Ct)).InstanceId);
        var runs = ids.Select(id => Task.Run(() => engine.Runner.RunAsync(id, Ct), Ct)).ToList();
        await UntilAsync(() => engine.Calls.Count("a2") == 3); // each runner has a remote command in flight

        await server.StopAsync();
        await Task.Delay(Lease * 3, Ct); // renewals fail for longer than the lease lasts
        engine.Gate.Release.SetResult(); // the commands in flight finish while the store is down
        await Task.Delay(Lease, Ct); // their checkpoints wait for the store
        await server.StartAgainAsync();
        var outcomes = await Task.WhenAll(runs).WaitAsync(TimeSpan.FromMinutes(2), Ct);

        Assert.All(outcomes, o => Assert.Equal(InstanceStatus.Finished, o.Status));
        Assert.Equal([3, 3, 3], new[] { "a1", "a2", "a3" }.Select(engine.Calls.Count));
        foreach (var id in ids)
            Assert.Equal(["a1:Executed", "a2:Executed", "a3:Executed"], (await engine.GetAsync(id)).Journal.Select(j => $"{j.ActivityId}:{j.EventName}"));
        // once for the outage, not per runner or attempt
        Assert.True(engine.Log.Count(LogLevel.Warning, "does not answer") == 1 && engine.Log.Count(LogLevel.Warning, "answers again") == 1,
            string.Join('\n', engine.Log.All.Where(l => l.StartsWith("Warning: ", StringComparison.Ordinal))));
    }

    private static async Task UntilAsync(Func<bool> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(1));
        while (!condition())
            await Task.Delay(20, timeout.Token);
    }
}
