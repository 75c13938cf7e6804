namespace Saga.Engine.Persistence;

/// <summary>Opens the store: creates a missing database, applies migrations, turns on WAL.</summary>
public interface ISagaStore
{
    /// <summary>Where the store is, for messages (the database file, never the full connection string).</summary>
    string Location { get; }

    /// <summary>Makes the store ready; a locked, corrupt or unreachable one throws <see cref="StoreUnavailableException"/>.</summary>
    Task EnsureReadyAsync(CancellationToken cancellationToken);
}
