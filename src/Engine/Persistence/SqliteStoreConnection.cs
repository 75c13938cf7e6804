using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Saga.Engine.Persistence;

/// <summary>A SQLite file, created with its folder when missing, in WAL mode with synchronous=FULL.</summary>
internal sealed class SqliteStoreConnection : StoreConnection
{
    public const string Default = "Data Source=saga.db";

    public SqliteStoreConnection(string? connectionString)
        : base(string.IsNullOrWhiteSpace(connectionString) ? Default : connectionString)
    {
        var builder = new SqliteConnectionStringBuilder(ConnectionString);
        FilePath = builder.DataSource is { Length: > 0 } source && source != ":memory:" && builder.Mode != SqliteOpenMode.Memory ? source : null;
        Location = FilePath is null ? "(in memory)" : Path.GetFullPath(FilePath);
    }

    /// <summary>The database file; null for an in-memory store.</summary>
    public string? FilePath { get; }

    public override string Location { get; }

    public override void Configure(DbContextOptionsBuilder options) =>
        options.UseSqlite(ConnectionString).AddInterceptors(new SqlitePragmas());

    public override async Task MigrateAsync(SagaDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            if (FilePath is { } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } directory)
                Directory.CreateDirectory(directory);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException($"The store {Location} cannot be created: {ex.Message}", ex);
        }

        await db.Database.OpenConnectionAsync(cancellationToken);
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken); // persistent: once is enough
        await base.MigrateAsync(db, cancellationToken);
    }
}
