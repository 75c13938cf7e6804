using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Saga.Engine.Instances;
using Saga.Engine.Persistence;
using Saga.Engine.Runtime;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Runtime;

public sealed class LeaseTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_WhileAnotherRunnerDrivesTheInstance_IsRefusedNamingTheOwnerAndSinceWhen()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("one").Then("a1", "Block").Then("a2", "Record").Build());
        var first = engine.Runner.RunAsync(id, Ct);
        await engine.Gate.Entered.Task.WaitAsync(Ct);

        var error = await Assert.ThrowsAsync<InstanceLeasedException>(() => engine.Runner.RunAsync(id, Ct));

        Assert.Contains($"pid {Environment.ProcessId} on {Environment.MachineName}", error.Message, StringComparison.Ordinal);
        Assert.Contains("since 2026-11-24 08:00:00Z", error.Message, StringComparison.Ordinal);
        engine.Gate.Release.SetResult();
        Assert.Equal(InstanceStatus.Finished, (await first).Status);
        Assert.Equal(1, engine.Calls.Count("a1"));
    }

    [Fact]
    public async Task RunAsync_LeaseOfARunnerElsewhereNotExpired_IsRefused_ExpiredIsTakenOver()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("elsewhere").Then("a1", "Record").Build());
        await SetLeaseAsync(engine, id, "other-host:4242:638000000000000000:run", engine.Time.GetUtcNow().UtcDateTime.AddSeconds(30));

        var refused = await Assert.ThrowsAsync<InstanceLeasedException>(() => engine.Runner.RunAsync(id, Ct));
        Assert.Contains("pid 4242 on other-host", refused.Message, StringComparison.Ordinal);

        engine.Time.Advance(TimeSpan.FromSeconds(31));
        var outcome = await engine.Runner.RunAsync(id, Ct);

        Assert.Equal(InstanceStatus.Finished, outcome.Status);
    }

    [Fact]
    public async Task RunAsync_LeaseOfADeadProcessOnThisMachine_IsTakenOverAtOnce()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("dead").Then("a1", "Record").Build());
        // Our own pid with another start time: the pid now belongs to a later process, so the owner is gone.
        await SetLeaseAsync(engine, id, $"{Environment.MachineName}:{Environment.ProcessId}:1:run", engine.Time.GetUtcNow().UtcDateTime.AddMinutes(5));

        var outcome = await engine.Runner.RunAsync(id, Ct);

        Assert.Equal(InstanceStatus.Finished, outcome.Status);
    }

    [Fact]
    public async Task RunAsync_LeaseTakenOverWhileActivityRuns_StopsWithoutWritingACheckpoint()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("stolen").Then("a1", "Block").Then("a2", "Record").Build());
        var run = engine.Runner.RunAsync(id, Ct);
        await engine.Gate.Entered.Task.WaitAsync(Ct);

        await SetLeaseAsync(engine, id, "other-host:1:1:thief", engine.Time.GetUtcNow().UtcDateTime.AddMinutes(1));
        engine.Time.Advance(TimeSpan.FromSeconds(10)); // the renewal tick finds the lease gone

        await Assert.ThrowsAsync<LeaseLostException>(() => run.WaitAsync(TimeSpan.FromSeconds(30), Ct));
        var details = await engine.GetAsync(id);
        Assert.Empty(details.Journal);
        Assert.Equal(("a1", "other-host:1:1:thief"), (details.Summary.CurrentActivityId, details.Summary.LeaseOwner));
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("other-host:1:1:thief", true)]
    public async Task LeaseKeeper_ReportsALostLeaseOnlyWhenAnotherRunnerHoldsIt_NotWhenItsOwnRunnerReleasedIt(string? holder, bool lost)
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("released").Then("a1", "Record").Build());
        await engine.WithStoreAsync(async db => (await db.Instances.SingleAsync(i => i.Id == id, Ct)).LeaseOwner = holder);
        var contexts = (IDbContextFactory<SagaDbContext>)engine.Services.GetService(typeof(IDbContextFactory<SagaDbContext>))!;
        await using var keeper = new LeaseKeeper(contexts, id, "this-host:2:2:run", engine.Time.GetUtcNow().UtcDateTime.AddSeconds(30), TimeSpan.FromSeconds(30), engine.Time,
            engine.Services.GetRequiredService<StoreOutage>(), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);

        engine.Time.Advance(TimeSpan.FromSeconds(10)); // a renewal tick after the runner's last checkpoint cleared the lease
        await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(2), Ct), Task.Delay(Timeout.Infinite, keeper.Stopped));

        Assert.Equal(lost, keeper.LeaseLost);
        Assert.Equal(lost, keeper.Stopped.IsCancellationRequested);
    }

    [Fact]
    public async Task Cancel_WhileAnotherRunnerDrivesTheInstance_ThatRunnerStopsAndMarksItCancelled()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("cancel").Then("a1", "Block").Then("a2", "Record").Build());
        var run = engine.Runner.RunAsync(id, Ct);
        await engine.Gate.Entered.Task.WaitAsync(Ct);

        var requested = await engine.Runner.CancelAsync(id, Ct);
        Assert.StartsWith("pid ", requested.CancelAskedOf, StringComparison.Ordinal);
        engine.Time.Advance(TimeSpan.FromSeconds(10));

        var outcome = await run.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(InstanceStatus.Cancelled, outcome.Status);
        Assert.Equal(0, engine.Calls.Count("a2"));
        var details = await engine.GetAsync(id);
        Assert.Equal(("a1", "Cancelled"), (details.Journal[^1].ActivityId, details.Journal[^1].EventName));
    }

    [Fact]
    public async Task InstanceWrite_WithAStaleConcurrencyToken_IsRefused()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("token").Then("a1", "Record").Build());
        var contexts = engine.Services.GetService(typeof(IDbContextFactory<SagaDbContext>)) as IDbContextFactory<SagaDbContext>;
        await using var stale = await contexts!.CreateDbContextAsync(Ct);
        var record = await stale.Instances.SingleAsync(i => i.Id == id, Ct);

        await engine.WithStoreAsync(async db => (await db.Instances.SingleAsync(i => i.Id == id, Ct)).Name = "moved on");
        record.Name = "stale write";

        await Assert.ThrowsAsync<DbUpdateConcurrencyException>(() => stale.SaveChangesAsync(Ct));
    }

    private static Task SetLeaseAsync(TestEngine engine, string id, string owner, DateTime expires) =>
        engine.WithStoreAsync(async db =>
        {
            var record = await db.Instances.SingleAsync(i => i.Id == id, Ct);
            record.LeaseOwner = owner;
            record.LeaseAcquiredAt = engine.Time.GetUtcNow().UtcDateTime;
            record.LeaseExpiresAt = expires;
        });
}
