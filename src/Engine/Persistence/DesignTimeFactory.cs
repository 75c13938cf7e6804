using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Saga.Engine.Persistence;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the context without a host. It builds it on SQLite;
/// <see cref="Design.SharedMigrationsGenerator"/> keeps what it writes free of SQLite's column types.
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SagaDbContext>
{
    public SagaDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SagaDbContext>().UseSqlite(SqliteStoreConnection.Default).Options);
}
