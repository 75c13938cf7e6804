namespace Saga.Engine.Persistence;

/// <summary>Opens the store: creates a missing database, applies migrations (and on SQLite turns on WAL).</summary>
public interface ISagaStore
{
    /// <summary>
    /// Where the store is, for messages: the SQLite file, or <c>postgresql://user@host:port/database</c>; never the
    /// connection string, which may hold a password.
    /// </summary>
    string Location { get; }

    /// <summary>Makes the store ready; a locked, corrupt or unreachable one throws <see cref="StoreUnavailableException"/>.</summary>
    Task EnsureReadyAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The migrations the store lacks, read without changing anything (for health checks): empty when it is ready.
    /// A store that does not answer throws <see cref="StoreUnavailableException"/>.
    /// </summary>
    Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken cancellationToken);
}
