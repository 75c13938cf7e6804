using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Saga.Engine.Persistence;

namespace Saga.Engine.Tests.Support;

/// <summary>The engine's contexts, except that while <see cref="Down"/> opening one fails as an unreachable PostgreSQL server does.</summary>
internal sealed class BreakableContexts(IDbContextFactory<SagaDbContext> contexts) : IDbContextFactory<SagaDbContext>
{
    public bool Down { get; set; }

    public SagaDbContext CreateDbContext() => Down ? throw Refused() : contexts.CreateDbContext();

    public Task<SagaDbContext> CreateDbContextAsync(CancellationToken cancellationToken = default) =>
        Down ? Task.FromException<SagaDbContext>(Refused()) : contexts.CreateDbContextAsync(cancellationToken);

    private static NpgsqlException Refused() => new("Failed to connect to 127.0.0.1:5432", new SocketException((int)SocketError.ConnectionRefused));
}
