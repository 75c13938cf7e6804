using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace Saga.Engine.Persistence;

internal sealed class SagaStore(IDbContextFactory<SagaDbContext> contexts, StoreConnection connection) : ISagaStore
{
    public string Location => connection.Location;

    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            if (connection.FilePath is { } file && Path.GetDirectoryName(Path.GetFullPath(file)) is { Length: > 0 } directory)
                Directory.CreateDirectory(directory);
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
            await db.Database.MigrateAsync(cancellationToken);
        }
        catch (Exception ex) when (StoreUnavailableException.From(ex, Location) is { } unavailable)
        {
            throw unavailable;
        }
        catch (IOException ex)
        {
            throw new StoreUnavailableException($"The store {Location} cannot be created: {ex.Message}", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StoreUnavailableException($"The store {Location} cannot be created: {ex.Message}", ex);
        }
    }
}

/// <summary>The configured connection string and what it points at.</summary>
internal sealed class StoreConnection
{
    public const string Name = "Saga";
    public const string Default = "Data Source=saga.db";

    public StoreConnection(string? connectionString)
    {
        ConnectionString = string.IsNullOrWhiteSpace(connectionString) ? Default : connectionString;
        var builder = new SqliteConnectionStringBuilder(ConnectionString);
        FilePath = builder.DataSource is { Length: > 0 } source && source != ":memory:" && builder.Mode != SqliteOpenMode.Memory ? source : null;
        Location = FilePath is null ? "(in memory)" : Path.GetFullPath(FilePath);
    }

    public string ConnectionString { get; }

    public string? FilePath { get; }

    public string Location { get; }
}
