using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Saga.Engine.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the context without a host.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<SagaDbContext>
{
    public SagaDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SagaDbContext>().UseSqlite(SqliteStoreConnection.Default).Options);
}
