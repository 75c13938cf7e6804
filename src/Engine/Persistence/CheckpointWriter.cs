using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace Saga.Engine.Persistence;

/// <summary>
/// The runner's hot path: one transaction that appends the journal entry and moves the instance on, guarded by the
/// concurrency token. Built once per run on the run's connection; the change tracker's per-save work cost more than
/// the commit itself (see the engine benchmark), and a checkpoint after every activity is the engine's whole promise.
/// The statements are written by hand but their names, quoting and parameter types come from the model, so they say
/// what EF Core would say on either provider (PostgreSQL's timestamptz and boolean, SQLite's text dates).
/// </summary>
internal sealed class CheckpointWriter : IAsyncDisposable
{
    private const string Expected = nameof(Expected);

    /// <summary>What a checkpoint moves on. A new column of <see cref="InstanceRecord"/> goes here or in <see cref="CreateOnly"/>.</summary>
    internal static readonly string[] RunState =
    [
        nameof(InstanceRecord.Status), nameof(InstanceRecord.CurrentActivityId), nameof(InstanceRecord.VariablesJson),
        nameof(InstanceRecord.BookmarkName), nameof(InstanceRecord.BookmarkResumesOnRun), nameof(InstanceRecord.ResumePayloadJson),
        nameof(InstanceRecord.FaultActivityId), nameof(InstanceRecord.FaultMessage), nameof(InstanceRecord.FaultType),
        nameof(InstanceRecord.CancelRequested), nameof(InstanceRecord.LastExecutedAt), nameof(InstanceRecord.FinishedAt),
        nameof(InstanceRecord.FaultedAt), nameof(InstanceRecord.CancelledAt), nameof(InstanceRecord.LeaseOwner),
        nameof(InstanceRecord.LeaseAcquiredAt), nameof(InstanceRecord.LeaseExpiresAt), nameof(InstanceRecord.CommandsKept),
        nameof(InstanceRecord.ConcurrencyToken),
    ];

    /// <summary>What is written once, when the instance is created, and never moved on by a run.</summary>
    internal static readonly string[] CreateOnly =
    [
        nameof(InstanceRecord.Id), nameof(InstanceRecord.DefinitionId), nameof(InstanceRecord.DefinitionVersionId),
        nameof(InstanceRecord.DefinitionVersion), nameof(InstanceRecord.Name), nameof(InstanceRecord.CorrelationId),
        nameof(InstanceRecord.ParentInstanceId), nameof(InstanceRecord.CreatedAt),
    ];

    private readonly DbConnection connection;
    private readonly ISqlGenerationHelper sql;
    private readonly IEntityType commandTable;
    private readonly IProperty[] commandColumns;
    private readonly IProperty[] journalColumns;
    private readonly IProperty[] runState;
    private readonly IProperty id;
    private readonly IProperty token;
    private readonly DbCommand insert;
    private readonly DbCommand update;

    public CheckpointWriter(SagaDbContext db)
    {
        connection = db.Database.GetDbConnection();
        sql = db.GetService<ISqlGenerationHelper>();
        var journal = db.Model.FindEntityType(typeof(JournalRecord))!;
        var instances = db.Model.FindEntityType(typeof(InstanceRecord))!;
        journalColumns = [.. journal.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never)];
        commandTable = db.Model.FindEntityType(typeof(CommandRecord))!;
        commandColumns = [.. commandTable.GetProperties().Where(p => p.ValueGenerated == ValueGenerated.Never)];
        runState = [.. RunState.Select(instances.GetProperty)];
        id = instances.FindPrimaryKey()!.Properties.Single();
        token = instances.GetProperty(nameof(InstanceRecord.ConcurrencyToken));

        insert = Command($"""
            INSERT INTO {Table(journal)} ({string.Join(", ", journalColumns.Select(Column))})
            VALUES ({string.Join(", ", journalColumns.Select(p => Placeholder(p.Name)))})
            """);
        update = Command($"""
            UPDATE {Table(instances)} SET {string.Join(", ", runState.Select(p => $"{Column(p)} = {Placeholder(p.Name)}"))}
            WHERE {Column(id)} = {Placeholder(id.Name)} AND {Column(token)} = {Placeholder(Expected)}
            RETURNING 1
            """);
    }

    /// <summary>
    /// Writes the entry (if any) and the record's run state, moving the token from <paramref name="expected"/> to
    /// <c>record.ConcurrencyToken</c>. False, and nothing written, when someone else moved the instance on first.
    /// </summary>
    public Task<bool> WriteAsync(InstanceRecord record, long expected, JournalRecord? entry, CancellationToken cancellationToken) =>
        WriteAsync(record, expected, entry, [], cancellationToken);

    /// <summary>
    /// As <see cref="WriteAsync(InstanceRecord, long, JournalRecord?, CancellationToken)"/>, with the remote commands the
    /// activity ran, sent in the same statement as the journal entry (one round trip, however many commands).
    /// </summary>
    public async Task<bool> WriteAsync(InstanceRecord record, long expected, JournalRecord? entry, IReadOnlyList<CommandRecord> commands, CancellationToken cancellationToken)
    {
        var opened = connection.State != System.Data.ConnectionState.Open; // closed between checkpoints: taken from the pool for this one
        if (opened)
            await connection.OpenAsync(cancellationToken);
        try
        {
            return await WriteOpenAsync(record, expected, entry, commands, cancellationToken);
        }
        finally
        {
            if (opened)
                await connection.CloseAsync();
        }
    }

    private async Task<bool> WriteOpenAsync(InstanceRecord record, long expected, JournalRecord? entry, IReadOnlyList<CommandRecord> commands, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        insert.Transaction = update.Transaction = transaction;
        if (entry is not null && commands.Count > 0)
        {
            await using var both = JournalWithCommands(entry, commands);
            both.Transaction = transaction;
            await both.ExecuteNonQueryAsync(cancellationToken);
        }
        else if (entry is not null)
        {
            Bind(insert, journalColumns.Select(p => (p.Name, p, Value(p, entry))));
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        Bind(update, [.. runState.Select(p => (p.Name, p, Value(p, record))), (id.Name, id, record.Id), (Expected, token, expected)]);
        // RETURNING rather than the affected-row count: a row comes back only when the token matched.
        if (await update.ExecuteScalarAsync(cancellationToken) is null or DBNull)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// The run state as a checkpoint writes it, but for its times (which a server may round): after a write whose answer
    /// was lost, the store holds this write exactly when its fingerprint and token match.
    /// </summary>
    public object?[] Fingerprint(InstanceRecord record) =>
        [.. runState.Where(p => p.ClrType != typeof(DateTime) && p.ClrType != typeof(DateTime?)).Select(p => Value(p, record))];

    public async ValueTask DisposeAsync()
    {
        await insert.DisposeAsync();
        await update.DisposeAsync();
    }

    /// <summary>
    /// The journal entry's insert followed by one multi-row insert of the commands, as one command: Npgsql sends both
    /// statements in one round trip. Made per checkpoint: its shape depends on how many commands there are.
    /// </summary>
    private DbCommand JournalWithCommands(JournalRecord entry, IReadOnlyList<CommandRecord> commands)
    {
        var rows = commands.Select((_, i) => $"({string.Join(", ", commandColumns.Select(p => Placeholder(Numbered(p, i))))})");
        var command = Command($"""
            {insert.CommandText};
            INSERT INTO {Table(commandTable)} ({string.Join(", ", commandColumns.Select(Column))})
            VALUES {string.Join(", ", rows)}
            """);
        Bind(command, [
            .. journalColumns.Select(p => (p.Name, p, Value(p, entry))),
            .. commands.SelectMany((c, i) => commandColumns.Select(p => (Numbered(p, i), p, Value(p, c)))),
        ]);
        return command;
    }

    private static string Numbered(IProperty property, int row) => property.Name + row.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static object? Value(IProperty property, object entity) => property.GetGetter().GetClrValue(entity);

    private DbCommand Command(string text)
    {
        var command = connection.CreateCommand();
        command.CommandText = text;
        return command;
    }

    /// <summary>Each parameter as the provider's mapping of its column makes it: value converted, type set.</summary>
    private void Bind(DbCommand command, IEnumerable<(string Name, IProperty Property, object? Value)> values)
    {
        command.Parameters.Clear();
        foreach (var (name, property, value) in values)
        {
            var mapping = property.GetRelationalTypeMapping();
            command.Parameters.Add(mapping.CreateParameter(command, sql.GenerateParameterName(name), value, property.IsNullable));
        }
    }

    private string Table(IEntityType entity) => sql.DelimitIdentifier(entity.GetTableName()!, entity.GetSchema());

    private string Column(IProperty property) => sql.DelimitIdentifier(property.GetColumnName());

    private string Placeholder(string name) => sql.GenerateParameterNamePlaceholder(name);
}
