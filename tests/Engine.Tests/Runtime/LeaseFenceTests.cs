using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Saga.Engine.Persistence;
using Saga.Engine.Runtime;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Runtime;

/// <summary>
/// A runner whose lease renewals do not get through fences itself before the lease can run out: the activity in flight
/// runs on, no new step starts, and it goes on only once a renewal finds the lease still its own.
/// </summary>
public sealed class LeaseFenceTests
{
    private const string Owner = "this-host:2:2:run";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task LeaseKeeper_StoreStopsAnswering_FencesBeforeTheLeaseCanRunOutAndGoesOnWhenTheLeaseIsStillItsOwn()
    {
        await using var engine = await TestEngine.StartAsync();
        var (contexts, keeper) = await KeeperAsync(engine);
        await using var _ = keeper;

        contexts.Down = true;
        await AdvanceUntilAsync(engine, () => keeper.IsFenced);
        var expires = (await LeaseAsync(engine)).LeaseExpiresAt;

        Assert.True(engine.Time.GetUtcNow().UtcDateTime < expires, "fenced only after the lease ran out");
        Assert.False(keeper.Stopped.IsCancellationRequested); // the activity in flight is not interrupted
        var held = keeper.EnsureHeldAsync(Ct); // the step after it waits
        Assert.False(held.IsCompleted);

        contexts.Down = false;
        await AdvanceUntilAsync(engine, () => held.IsCompleted);

        await held;
        Assert.False(keeper.IsFenced);
        Assert.Equal(1, engine.Log.Count(LogLevel.Warning, "does not answer"));
        Assert.Equal(1, engine.Log.Count(LogLevel.Warning, "answers again"));
    }

    [Fact]
    public async Task LeaseKeeper_LeaseTakenWhileTheStoreDidNotAnswer_LeavesTheInstanceToTheNewOwner()
    {
        await using var engine = await TestEngine.StartAsync();
        var (contexts, keeper) = await KeeperAsync(engine);
        await using var _ = keeper;
        contexts.Down = true;
        await AdvanceUntilAsync(engine, () => keeper.IsFenced);
        var held = keeper.EnsureHeldAsync(Ct);

        engine.Time.Advance(TimeSpan.FromSeconds(20)); // the lease ran out, and another runner took the instance
        await engine.WithStoreAsync(async db => (await db.Instances.SingleAsync(i => i.Id != null, Ct)).LeaseOwner = "other-host:1:1:new-owner");
        contexts.Down = false;
        await AdvanceUntilAsync(engine, () => held.IsCompleted);

        await Assert.ThrowsAsync<LeaseLostException>(() => held);
        Assert.True(keeper.LeaseLost);
        Assert.True(keeper.Stopped.IsCancellationRequested);
        Assert.Equal("other-host:1:1:new-owner", (await LeaseAsync(engine)).LeaseOwner);
    }

    /// <summary>An instance leased to <see cref="Owner"/> for 30 s, and a keeper renewing it through contexts that can be broken.</summary>
    private static async Task<(BreakableContexts Contexts, LeaseKeeper Keeper)> KeeperAsync(TestEngine engine)
    {
        var id = await engine.CreateAsync(Flow.Named("fenced").Then("a1", "Record").Build());
        var expires = engine.Time.GetUtcNow().UtcDateTime.AddSeconds(30);
        await engine.WithStoreAsync(async db =>
        {
            var record = await db.Instances.SingleAsync(i => i.Id == id, Ct);
            record.LeaseOwner = Owner;
            record.LeaseExpiresAt = expires;
        });
        var contexts = new BreakableContexts(engine.Contexts);
        var outage = engine.Services.GetRequiredService<StoreOutage>();
        return (contexts, new LeaseKeeper(contexts, id, Owner, expires, TimeSpan.FromSeconds(30), engine.Time, outage, NullLogger.Instance));
    }

    private static async Task<InstanceRecord> LeaseAsync(TestEngine engine)
    {
        await using var db = await engine.Contexts.CreateDbContextAsync(Ct);
        return await db.Instances.AsNoTracking().SingleAsync(Ct);
    }

    /// <summary>Moves the fake clock on a second at a time, letting the keeper's renewals and retries run in between.</summary>
    private static async Task AdvanceUntilAsync(TestEngine engine, Func<bool> done)
    {
        for (var step = 0; !done(); step++)
        {
            Assert.True(step < 120, "the condition never came about");
            engine.Time.Advance(TimeSpan.FromSeconds(1));
            await Task.Delay(20, Ct); // real time for the continuations the clock released; the clock itself is fake
        }
    }
}
