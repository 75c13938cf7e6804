using Microsoft.Extensions.Logging;
using Npgsql;

namespace Saga.Engine.Persistence;

/// <summary>
/// The store stopped answering (PostgreSQL restarting, the network between): runners wait and try again with backoff
/// rather than fault what they run. One per process, so an outage is logged once when it starts and once when it ends,
/// however many runners wait through it.
/// </summary>
internal sealed class StoreOutage(StoreConnection store, TimeProvider time, ILogger<StoreOutage> logger)
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(5);

    private readonly Lock gate = new();
    private DateTimeOffset? since;
    private long began;
    private long ended;

    /// <summary>True while some runner found the store unreachable and none has reached it since.</summary>
    public bool IsOngoing
    {
        get
        {
            lock (gate)
                return since is not null;
        }
    }

    /// <summary>
    /// How many outages had begun and ended when an attempt started: it tells a late failure of the last outage from a
    /// new one, and a late success of an attempt made before an outage began from the store answering again.
    /// </summary>
    public Mark Now
    {
        get
        {
            lock (gate)
                return new Mark(began, ended);
        }
    }

    /// <summary>A failure that may go away by itself when the store answers again (see <see cref="PostgresErrors.IsTransient"/>).</summary>
    public static bool IsTransient(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException npgsql)
                return PostgresErrors.IsTransient(npgsql);
        }

        return false;
    }

    /// <summary>
    /// Waits before the next attempt: 100 ms doubled per attempt, at most 5 s. Logs when this is the outage's first
    /// failure, unless the attempt began before the last outage ended (<paramref name="before"/>, from <see cref="Now"/>):
    /// a runner whose attempt was already under way then is not a new outage. <paramref name="cancellationToken"/> ends the wait.
    /// </summary>
    public async Task WaitAsync(Exception error, int attempt, Mark before, CancellationToken cancellationToken)
    {
        // Pooled connections the server cut when it went down would each fail once more after it is back.
        if (store is PostgresStoreConnection)
        {
            await using var connection = new NpgsqlConnection(store.ConnectionString);
            NpgsqlConnection.ClearPool(connection);
        }

        lock (gate)
        {
            if (since is null && before.Ended == ended)
            {
                since = time.GetUtcNow();
                began++;
                logger.LogWarning("The store {Store} does not answer ({Reason}); runners wait and try again until it does",
                    store.Location, StoreUnavailableException.From(error, store.Location)?.Message ?? error.Message);
            }
        }

        var delay = TimeSpan.FromTicks(Math.Min(LongestDelay.Ticks, FirstDelay.Ticks << Math.Min(attempt, 16)));
        await Task.Delay(delay, time, cancellationToken);
    }

    /// <summary>
    /// The store answered an attempt started at <paramref name="before"/>: ends the outage, if there was one, with a line
    /// saying how long it lasted. An attempt that was already under way when the outage began says nothing about it.
    /// </summary>
    public void Answered(Mark before)
    {
        lock (gate)
        {
            if (since is not { } start || before.Began != began)
                return;
            since = null;
            ended++;
            logger.LogWarning("The store {Store} answers again after {Duration}", store.Location, time.GetUtcNow() - start);
        }
    }

    /// <summary>Runs <paramref name="operation"/> until it gets through, waiting out transient store failures.</summary>
    public async Task<T> RetryAsync<T>(Func<CancellationToken, Task<T>> operation, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var before = Now;
            try
            {
                var result = await operation(cancellationToken);
                Answered(before);
                return result;
            }
            catch (Exception ex) when (IsTransient(ex) && !cancellationToken.IsCancellationRequested)
            {
                await WaitAsync(ex, attempt, before, cancellationToken);
            }
        }
    }

    /// <summary>The outages begun and ended when an attempt started.</summary>
    public readonly record struct Mark(long Began, long Ended);
}
