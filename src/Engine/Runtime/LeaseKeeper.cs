using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Saga.Engine.Persistence;

namespace Saga.Engine.Runtime;

/// <summary>
/// Renews a runner's lease while an activity runs, and notices when the instance was taken over or cancelled
/// from elsewhere; <see cref="Stopped"/> then fires so the activity in flight is interrupted.
/// </summary>
internal sealed class LeaseKeeper : IAsyncDisposable
{
    private readonly IDbContextFactory<SagaDbContext> contexts;
    private readonly string instanceId;
    private readonly string owner;
    private readonly TimeSpan duration;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly CancellationTokenSource stop = new();
    private readonly CancellationTokenSource shutdown = new();
    private readonly Task loop;

    public LeaseKeeper(IDbContextFactory<SagaDbContext> contexts, string instanceId, string owner, TimeSpan duration, TimeProvider time, ILogger logger)
    {
        this.contexts = contexts;
        this.instanceId = instanceId;
        this.owner = owner;
        this.duration = duration;
        this.time = time;
        this.logger = logger;
        loop = RunAsync(shutdown.Token);
    }

    /// <summary>Fires when the lease was lost or a cancel was requested.</summary>
    public CancellationToken Stopped => stop.Token;

    public bool LeaseLost { get; private set; }

    public bool CancelRequested { get; private set; }

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
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(duration / 3, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            try
            {
                await using var db = await contexts.CreateDbContextAsync(cancellationToken);
                var expires = time.GetUtcNow().UtcDateTime + duration;
                var renewed = await db.Instances.Where(i => i.Id == instanceId && i.LeaseOwner == owner)
                    .ExecuteUpdateAsync(s => s.SetProperty(i => i.LeaseExpiresAt, expires), cancellationToken);
                if (renewed == 0)
                {
                    if (await db.Instances.Where(i => i.Id == instanceId).Select(i => i.LeaseOwner).SingleOrDefaultAsync(cancellationToken) is null)
                        return; // this runner's last checkpoint released it (finished, suspended, faulted) just before this tick

                    LeaseLost = true;
                    logger.LogError("Lost the lease on instance {InstanceId}: another runner took it over", instanceId);
                    await stop.CancelAsync();
                    return;
                }

                if (await db.Instances.Where(i => i.Id == instanceId).Select(i => i.CancelRequested).SingleAsync(cancellationToken))
                {
                    CancelRequested = true;
                    logger.LogWarning("Cancel requested for instance {InstanceId}; stopping the activity in flight", instanceId);
                    await stop.CancelAsync();
                    return;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or System.Data.Common.DbException)
            {
                // A missed renewal is not yet a lost lease; the next tick tries again well before expiry.
                logger.LogWarning(ex, "Could not renew the lease on instance {InstanceId}", instanceId);
            }
        }
    }
}
