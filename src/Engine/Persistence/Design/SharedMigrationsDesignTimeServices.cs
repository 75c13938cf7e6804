using Microsoft.EntityFrameworkCore.Design;
using Microsoft.EntityFrameworkCore.Migrations.Design;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

// dotnet ef reads this from the migrations assembly, whichever project starts it.
[assembly: DesignTimeServicesReference("Saga.Engine.Persistence.Design.SharedMigrationsDesignTimeServices, Saga.Engine")]

namespace Saga.Engine.Persistence.Design;

/// <summary>
/// Used by <c>dotnet ef</c>: migrations it adds stay one set for SQLite and PostgreSQL.
/// </summary>
internal sealed class SharedMigrationsDesignTimeServices : IDesignTimeServices
{
    public void ConfigureDesignTimeServices(IServiceCollection serviceCollection) =>
        serviceCollection.Replace(ServiceDescriptor.Singleton<IMigrationsCodeGenerator, SharedMigrationsGenerator>());
}
