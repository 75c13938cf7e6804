using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saga.Engine.Persistence;

namespace Saga.Engine.Runtime;

/// <summary>
/// Renews a runner's lease while an activity runs (every third of its duration), and notices when the instance was
/// taken over or cancelled from elsewhere; <see cref="Stopped"/> then fires so the activity in flight is interrupted.
/// When the store does not answer, the activity in flight runs on (its remote command finishes), renewals are tried
/// again with backoff, and the runner is fenced: it starts no new step until a renewal confirms the lease is still its
/// own (<see cref="EnsureHeldAsync"/>), or learns it was taken and leaves the instance to the new owner.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly IDbContextFactory<SagaDbContext> contexts;
    private readonly string instanceId;
    private readonly string owner;
    private readonly TimeSpan duration;
    private readonly TimeProvider time;
    private readonly StoreOutage outage;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stop = new();
    private readonly CancellationTokenSource shutdown = new();
    private readonly SemaphoreSlim renewing = new(1, 1);
    private readonly Task loop;
    private long confirmedUntilTicks;

    public LeaseKeeper(
        IDbContextFactory<SagaDbContext> contexts, string instanceId, string owner, DateTime confirmedUntil, TimeSpan duration, TimeProvider time, StoreOutage outage, ILogger logger)
    {
        this.contexts = contexts;
        this.instanceId = instanceId;
        this.owner = owner;
        this.duration = duration;
        this.time = time;
        this.outage = outage;
        this.logger = logger;
        confirmedUntilTicks = confirmedUntil.Ticks;
        loop = RunAsync(shutdown.Token);
    }

    private enum Renewal
    {
        Renewed,
        Released,
        Lost,
        CancelRequested,
    }

    /// <summary>Fires when the lease was lost or a cancel was requested.</summary>
    public CancellationToken Stopped => stop.Token;

    public bool LeaseLost { get; private set; }

    public bool CancelRequested { get; private set; }

    /// <summary>
    /// No renewal has confirmed the lease for more than half its duration (one renewal, due at a third, is overdue):
    /// the lease could run out before the store answers again, so no new step may start.
    /// </summary>
    public bool IsFenced => Now >= new DateTime(Interlocked.Read(ref confirmedUntilTicks), DateTimeKind.Utc) - duration / 2;

    private DateTime Now => time.GetUtcNow().UtcDateTime;

    /// <summary>A checkpoint wrote the lease (until <paramref name="expires"/>), which confirms it as a renewal does.</summary>
    public void Confirm(DateTime? expires)
    {
        if (expires is { } e)
            Interlocked.Exchange(ref confirmedUntilTicks, e.Ticks);
    }

    /// <summary>
    /// Before a step: returns at once while the lease is confirmed; fenced, waits until a renewal gets through (trying
    /// again with backoff while the store does not answer). Throws <see cref="LeaseLostException"/> when another runner
    /// took the instance meanwhile.
    /// </summary>
    public async Task EnsureHeldAsync(CancellationToken cancellationToken)
    {
        if (!IsFenced)
            return;
        logger.LogWarning("The lease on instance {InstanceId} is not confirmed; no new step starts until the store confirms it", instanceId);
        await ConfirmAsync(cancellationToken);
    }

    /// <summary>Renews the lease now, waiting for the store as long as it does not answer; throws <see cref="LeaseLostException"/> when it is no longer this runner's.</summary>
    public async Task ConfirmAsync(CancellationToken cancellationToken)
    {
        if (await RenewAsync(cancellationToken) is Renewal.Lost or Renewal.Released)
            throw new LeaseLostException($"Instance {instanceId} was taken over by another runner while the store did not answer; this runner leaves it to the new owner.");
    }

    public async ValueTask DisposeAsync()
    {
        await shutdown.CancelAsync();
        try
        {
            await loop;
        }
        catch (OperationCanceledException)
        {
        }

        stop.Dispose();
        shutdown.Dispose();
        renewing.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(duration / 3, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            try
            {
                if (await RenewAsync(cancellationToken) != Renewal.Renewed)
                    return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                // Not an outage (a full disk, a refused write): the next tick tries again, well before expiry.
                logger.LogWarning(ex, "Could not renew the lease on instance {InstanceId}", instanceId);
            }
        }
    }

    /// <summary>One renewal, tried again with backoff while the store does not answer; one at a time.</summary>
    private async Task<Renewal> RenewAsync(CancellationToken cancellationToken)
    {
        await renewing.WaitAsync(cancellationToken);
        try
        {
            var renewal = await outage.RetryAsync(RenewOnceAsync, cancellationToken);
            switch (renewal)
            {
                case Renewal.Lost:
                    LeaseLost = true;
                    logger.LogError("Lost the lease on instance {InstanceId}: another runner took it over", instanceId);
                    await stop.CancelAsync();
                    break;
                case Renewal.CancelRequested:
                    CancelRequested = true;
                    logger.LogWarning("Cancel requested for instance {InstanceId}; stopping the activity in flight", instanceId);
                    await stop.CancelAsync();
                    break;
            }

            return renewal;
        }
        finally
        {
            renewing.Release();
        }
    }

    private async Task<Renewal> RenewOnceAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var now = Now;
        var expires = now + duration;
        // Renewing a lease that ran out moves the token on too: a runner that read the instance while it looked free
        // then fails to claim it, instead of both believing they hold it.
        var renewed = await db.Instances.Where(i => i.Id == instanceId && i.LeaseOwner == owner)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseExpiresAt, expires)
                .SetProperty(i => i.ConcurrencyToken, i => i.LeaseExpiresAt < now ? i.ConcurrencyToken + 1 : i.ConcurrencyToken), cancellationToken);
        if (renewed == 0)
        {
            // Nobody holds it: this runner's last checkpoint released it (finished, suspended, faulted) just before.
            return await db.Instances.Where(i => i.Id == instanceId).Select(i => i.LeaseOwner).SingleOrDefaultAsync(cancellationToken) is null
                ? Renewal.Released
                : Renewal.Lost;
        }

        Confirm(expires);
        return await db.Instances.Where(i => i.Id == instanceId).Select(i => i.CancelRequested).SingleAsync(cancellationToken)
            ? Renewal.CancelRequested
            : Renewal.Renewed;
    }
}
