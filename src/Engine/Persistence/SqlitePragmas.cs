using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Saga.Engine.Persistence;

/// <summary>
/// Durability on every connection: a committed checkpoint survives a power cut (WAL synced on commit),
/// and foreign keys are enforced. journal_mode=WAL is persistent and set once when the store is opened.
/// </summary>
internal sealed class SqlitePragmas : DbConnectionInterceptor
{
    public const string Statement = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = Statement;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Apply(DbConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Statement;
        command.ExecuteNonQuery();
    }
}
