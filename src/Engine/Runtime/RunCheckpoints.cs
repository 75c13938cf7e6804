using Microsoft.EntityFrameworkCore;
using Saga.Engine.Persistence;
using Saga.Engine.Telemetry;

namespace Saga.Engine.Runtime;

/// <summary>
/// One run's checkpoints: the context that tracks the instance, the writer on its connection, and the retries. A write
/// refused because someone else moved the instance on (a cancel request) is applied again to the fresh copy; one that
/// met a store that does not answer waits for it and tries again, after looking whether the lost write had landed; a
/// runner whose lease was taken stops without writing.
/// </summary>
internal sealed class RunCheckpoints(SagaDbContext db, CheckpointWriter writer, InstanceRecord record, string owner, StoreOutage outage) : IAsyncDisposable
{
    private const int MaxConflicts = 4;

    private enum Write
    {
        Written,
        Refused,
        Unknown,
    }

    public InstanceRecord Record => record;

    public string Owner => owner;

    /// <summary>
    /// Writes one checkpoint: <paramref name="apply"/> moves the record on and returns the journal entry (or null).
    /// The write itself is never cancelled (an activity that completed is recorded); <paramref name="cancellationToken"/>
    /// only ends a wait for the store.
    /// </summary>
    public Task WriteAsync(Func<InstanceRecord, JournalRecord?> apply, CancellationToken cancellationToken) => WriteAsync(apply, [], cancellationToken);

    /// <summary>As <see cref="WriteAsync(Func{InstanceRecord, JournalRecord?}, CancellationToken)"/>, with the remote commands the activity ran, in the same transaction.</summary>
    public async Task WriteAsync(Func<InstanceRecord, JournalRecord?> apply, IReadOnlyList<CommandRecord> commands, CancellationToken cancellationToken)
    {
        var conflicts = 0;
        for (var attempt = 0; ; attempt++)
        {
            var expected = record.ConcurrencyToken;
            var entry = apply(record);
            record.ConcurrencyToken = expected + 1;
            var fingerprint = writer.Fingerprint(record);
            var write = await TryWriteAsync(expected, entry, commands, attempt, cancellationToken);
            if (write == Write.Written)
            {
                db.ChangeTracker.AcceptAllChanges(); // what was written is now the tracked original
                return;
            }

            await outage.RetryAsync(async ct =>
            {
                await db.Entry(record).ReloadAsync(ct);
                return true;
            }, cancellationToken);
            if (write == Write.Unknown && record.ConcurrencyToken == expected + 1 && writer.Fingerprint(record).SequenceEqual(fingerprint))
            {
                db.ChangeTracker.AcceptAllChanges(); // it landed; only the answer was lost
                return;
            }

            if (record.LeaseOwner != owner)
                throw new LeaseLostException($"Instance {record.Id} was taken over by another runner; this runner stopped without writing.");
            if (write == Write.Refused && ++conflicts == MaxConflicts)
                throw new DbUpdateConcurrencyException($"Instance {record.Id} kept changing under this runner; stopped without writing.");
        }
    }

    /// <summary>
    /// Clears this runner's lease, for a run that stops without finishing (interrupted); a cancel request that moved
    /// the instance on meanwhile is read and the lease cleared on the fresh copy. Never waits for the store, never
    /// throws for it: a lease left behind runs out by itself (at once for a process that is gone).
    /// </summary>
    public async Task<bool> TryReleaseAsync()
    {
        try
        {
            for (var attempt = 0; attempt < MaxConflicts; attempt++)
            {
                var expected = record.ConcurrencyToken;
                InstanceTransitions.ClearLease(record);
                record.ConcurrencyToken = expected + 1;
                if (await writer.WriteAsync(record, expected, null, CancellationToken.None))
                {
                    db.ChangeTracker.AcceptAllChanges();
                    return true;
                }

                await db.Entry(record).ReloadAsync(CancellationToken.None);
                if (record.LeaseOwner != owner)
                    return false; // not ours any more: nothing to release
            }
        }
        catch (Exception ex) when (ex is DbUpdateException or System.Data.Common.DbException or InvalidOperationException or TimeoutException)
        {
            // The store did not take it.
        }

        return false;
    }

    public ValueTask DisposeAsync() => writer.DisposeAsync();

    private async Task<Write> TryWriteAsync(long expected, JournalRecord? entry, IReadOnlyList<CommandRecord> commands, int attempt, CancellationToken cancellationToken)
    {
        var before = outage.Now;
        try
        {
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var written = await writer.WriteAsync(record, expected, entry, commands, CancellationToken.None);
            EngineTelemetry.CheckpointWritten(System.Diagnostics.Stopwatch.GetElapsedTime(started));
            outage.Answered(before);
            return written ? Write.Written : Write.Refused;
        }
        catch (Exception ex) when (StoreOutage.IsTransient(ex))
        {
            await outage.WaitAsync(ex, attempt, before, cancellationToken);
            return Write.Unknown;
        }
    }
}
