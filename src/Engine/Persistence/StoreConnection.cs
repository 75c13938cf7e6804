using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Saga.Engine.Persistence;

/// <summary>The configured store: which provider, its connection string, and what it points at.</summary>
internal abstract class StoreConnection(string connectionString)
{
    public const string Name = "Saga";
    public const string ConnectionStringKey = "ConnectionStrings:" + Name;
    public const string ProviderKey = "Saga:Store:Provider";

    public string ConnectionString { get; } = connectionString;

    /// <summary>Where the store is, for messages and logs; never a password.</summary>
    public abstract string Location { get; }

    /// <summary>
    /// Reads <c>Saga:Store:Provider</c> (Sqlite by default, or PostgreSql) and <c>ConnectionStrings:Saga</c>; a value
    /// that cannot work fails here, naming its key, before anything is opened.
    /// </summary>
    public static StoreConnection From(IConfiguration configuration)
    {
        var provider = ParseProvider(configuration[ProviderKey]);
        var connectionString = configuration.GetConnectionString(Name);
        if (provider == StoreProvider.PostgreSql && string.IsNullOrWhiteSpace(connectionString))
            throw Refused($"{ProviderKey} is PostgreSql but {ConnectionStringKey} is empty; give it Host, Port, Database, Username and Password.");
        try
        {
            return provider == StoreProvider.PostgreSql
                ? new PostgresStoreConnection(connectionString!)
                : new SqliteStoreConnection(connectionString);
        }
        catch (ArgumentException ex)
        {
            var name = provider == StoreProvider.PostgreSql ? "PostgreSQL" : "SQLite";
            throw Refused($"{ConnectionStringKey} is not a {name} connection string ({ex.Message.TrimEnd('.')}). " +
                          $"Set {ProviderKey} to the database it is for (Sqlite or PostgreSql).");
        }
    }

    /// <summary>Points EF Core at the store.</summary>
    public abstract void Configure(DbContextOptionsBuilder options);

    /// <summary>Creates the store when missing and applies the migrations it lacks, as this provider needs it done.</summary>
    public virtual Task MigrateAsync(SagaDbContext db, CancellationToken cancellationToken) => db.Database.MigrateAsync(cancellationToken);

    private static StoreProvider ParseProvider(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
            return StoreProvider.Sqlite;
        // Names only: Enum.TryParse would also take "1".
        foreach (var provider in Enum.GetValues<StoreProvider>())
        {
            if (string.Equals(value.Trim(), provider.ToString(), StringComparison.OrdinalIgnoreCase))
                return provider;
        }

        throw Refused($"{ProviderKey} is '{value}'; it must be Sqlite (the default) or PostgreSql.");
    }

    private static OptionsValidationException Refused(string message) =>
        new(ProviderKey, typeof(StoreConnection), [message]);
}
