using System.Data;
using System.Data.Common;
using Saga.Engine.Instances;

namespace Saga.Engine.Persistence;

/// <summary>
/// The runner's hot path: one transaction that appends the journal entry and moves the instance on, guarded by the
/// concurrency token. Prepared once per run on the run's connection; the change tracker's per-save work cost more than
/// the commit itself (see the engine benchmark), and a checkpoint after every activity is the engine's whole promise.
/// </summary>
internal sealed class CheckpointWriter : IAsyncDisposable
{
    private readonly DbConnection connection;
    private readonly DbCommand insert;
    private readonly DbCommand update;

    public CheckpointWriter(DbConnection connection)
    {
        this.connection = connection;
        insert = Command("""
            INSERT INTO "Journal" ("InstanceId", "ActivityId", "ActivityType", "EventName", "StartedAt", "EndedAt", "Outcome", "Output", "Error")
            VALUES (@InstanceId, @ActivityId, @ActivityType, @EventName, @StartedAt, @EndedAt, @Outcome, @Output, @Error)
            """, "InstanceId", "ActivityId", "ActivityType", "EventName", "StartedAt", "EndedAt", "Outcome", "Output", "Error");
        update = Command("""
            UPDATE "Instances" SET "Status" = @Status, "CurrentActivityId" = @CurrentActivityId, "VariablesJson" = @VariablesJson,
                "BookmarkName" = @BookmarkName, "BookmarkResumesOnRun" = @BookmarkResumesOnRun, "ResumePayloadJson" = @ResumePayloadJson, "FaultActivityId" = @FaultActivityId,
                "FaultMessage" = @FaultMessage, "FaultType" = @FaultType, "LastExecutedAt" = @LastExecutedAt, "FinishedAt" = @FinishedAt,
                "FaultedAt" = @FaultedAt, "CancelledAt" = @CancelledAt, "LeaseOwner" = @LeaseOwner, "LeaseAcquiredAt" = @LeaseAcquiredAt,
                "LeaseExpiresAt" = @LeaseExpiresAt, "ConcurrencyToken" = @ConcurrencyToken
            WHERE "Id" = @Id AND "ConcurrencyToken" = @Expected
            RETURNING 1
            """, "Status", "CurrentActivityId", "VariablesJson", "BookmarkName", "ResumePayloadJson", "FaultActivityId", "FaultMessage",
            "FaultType", "LastExecutedAt", "FinishedAt", "FaultedAt", "CancelledAt", "LeaseOwner", "LeaseAcquiredAt", "LeaseExpiresAt",
            "ConcurrencyToken", "Id", "Expected", "BookmarkResumesOnRun");
    }

    /// <summary>
    /// Writes the entry (if any) and the record's run state, moving the token from <paramref name="expected"/> to
    /// <c>record.ConcurrencyToken</c>. False, and nothing written, when someone else moved the instance on first.
    /// </summary>
    public async Task<bool> WriteAsync(InstanceRecord record, long expected, JournalRecord? entry, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        insert.Transaction = update.Transaction = transaction;
        if (entry is not null)
        {
            Set(insert, entry.InstanceId, entry.ActivityId, entry.ActivityType, entry.EventName, entry.StartedAt, entry.EndedAt, entry.Outcome, entry.Output, entry.Error);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        Set(update, record.Status.ToString(), record.CurrentActivityId, record.VariablesJson, record.BookmarkName, record.ResumePayloadJson,
            record.FaultActivityId, record.FaultMessage, record.FaultType, record.LastExecutedAt, record.FinishedAt, record.FaultedAt,
            record.CancelledAt, record.LeaseOwner, record.LeaseAcquiredAt, record.LeaseExpiresAt, record.ConcurrencyToken, record.Id, expected,
            record.BookmarkResumesOnRun);
        // RETURNING rather than the affected-row count: a row comes back only when the token matched.
        if (await update.ExecuteScalarAsync(cancellationToken) is null or DBNull)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async ValueTask DisposeAsync()
    {
        await insert.DisposeAsync();
        await update.DisposeAsync();
    }

    private DbCommand Command(string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }

        return command;
    }

    private static void Set(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            var parameter = command.Parameters[i];
            parameter.Value = values[i] ?? DBNull.Value;
            parameter.DbType = values[i] switch
            {
                DateTime => DbType.DateTime,
                long => DbType.Int64,
                bool => DbType.Boolean,
                _ => DbType.String,
            };
        }
    }
}
