using Microsoft.EntityFrameworkCore;

namespace Saga.Engine.Persistence;

internal sealed class SagaStore(IDbContextFactory<SagaDbContext> contexts, StoreConnection connection) : ISagaStore
{
    public string Location => connection.Location;

    public async Task EnsureReadyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            await connection.MigrateAsync(db, cancellationToken);
        }
        catch (Exception ex) when (StoreUnavailableException.From(ex, Location) is { } unavailable)
        {
            throw unavailable;
        }
    }

    public async Task<IReadOnlyList<string>> PendingMigrationsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            return [.. await db.Database.GetPendingMigrationsAsync(cancellationToken)];
        }
        catch (Exception ex) when (StoreUnavailableException.From(ex, Location) is { } unavailable)
        {
            throw unavailable;
        }
    }
}
