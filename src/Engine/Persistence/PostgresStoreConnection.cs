using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
using Npgsql;

namespace Saga.Engine.Persistence;

/// <summary>A PostgreSQL database that several hosts share; created when missing and the user may.</summary>
internal sealed class PostgresStoreConnection : StoreConnection
{
    /// <summary>"SAGAMIGR": the session advisory lock that lets one host at a time migrate the database.</summary>
    private const long MigrationLock = 5999154524429305682;
    private const string DuplicateDatabase = "42P04";

    public PostgresStoreConnection(string connectionString)
        : base(connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(ConnectionString);
        var host = string.IsNullOrEmpty(builder.Host) ? "localhost" : builder.Host;
        var server = host.Contains(',', StringComparison.Ordinal) ? host : $"{host}:{builder.Port.ToString(CultureInfo.InvariantCulture)}";
        var user = string.IsNullOrEmpty(builder.Username) ? "" : builder.Username + "@";
        // The database defaults to the user's name, as the server's does.
        Location = $"postgresql://{user}{server}/{builder.Database ?? builder.Username}";
    }

    public override string Location { get; }

    public override void Configure(DbContextOptionsBuilder options) => options.UseNpgsql(ConnectionString);

    /// <summary>
    /// Hosts that start together migrate one after the other: EF Core's own migration lock let two of them apply the
    /// same migration ("column already exists"), so an advisory lock on the database is held around it.
    /// </summary>
    public override async Task MigrateAsync(SagaDbContext db, CancellationToken cancellationToken)
    {
        var creator = db.GetService<IRelationalDatabaseCreator>();
        if (!await creator.ExistsAsync(cancellationToken))
        {
            try
            {
                await creator.CreateAsync(cancellationToken);
            }
            catch (PostgresException e) when (e.SqlState == DuplicateDatabase)
            {
                // another host created it meanwhile
            }
        }

        await db.Database.OpenConnectionAsync(cancellationToken); // the lock belongs to this session, which migrates too
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_lock({MigrationLock})", cancellationToken);
        try
        {
            await base.MigrateAsync(db, cancellationToken);
        }
        finally
        {
            // Explicitly: a pooled connection keeps its session, and with it the lock, after it is closed.
            if (db.Database.GetDbConnection().State == System.Data.ConnectionState.Open)
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_unlock({MigrationLock})", CancellationToken.None);
        }
    }
}
