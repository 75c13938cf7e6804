using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Saga.Engine.Persistence;

namespace Saga.Engine.Tests.Persistence;

public sealed class StoreConnectionTests
{
    [Fact]
    public void From_NothingConfigured_IsSaga_dbInTheCurrentFolder()
    {
        var connection = Assert.IsType<SqliteStoreConnection>(StoreConnection.From(Configuration()));

        Assert.Equal(Path.GetFullPath("saga.db"), connection.Location);
    }

    [Theory]
    [InlineData("PostgreSql")]
    [InlineData("postgresql")]
    [InlineData(" POSTGRESQL ")]
    public void From_PostgreSqlInAnyCase_IsPostgres(string provider)
    {
        var connection = StoreConnection.From(Configuration(provider, "Host=db1;Database=saga;Username=saga;Password=x"));

        Assert.IsType<PostgresStoreConnection>(connection);
    }

    [Theory]
    [InlineData("Postgres")]
    [InlineData("1")]
    public void From_UnknownProvider_IsRefusedNamingTheKeyAndTheChoices(string provider)
    {
        var error = Assert.Throws<OptionsValidationException>(() => StoreConnection.From(Configuration(provider, "Host=db1")));

        Assert.Equal($"Saga:Store:Provider is '{provider}'; it must be Sqlite (the default) or PostgreSql.", Assert.Single(error.Failures));
    }

    [Fact]
    public void From_PostgreSqlWithoutConnectionString_IsRefusedNamingBothKeys()
    {
        var error = Assert.Throws<OptionsValidationException>(() => StoreConnection.From(Configuration("PostgreSql")));

        Assert.StartsWith("Saga:Store:Provider is PostgreSql but ConnectionStrings:Saga is empty", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Fact]
    public void From_PostgresConnectionStringWithTheDefaultProvider_IsRefusedPointingAtTheProviderKey()
    {
        var error = Assert.Throws<OptionsValidationException>(() => StoreConnection.From(Configuration(null, "Host=db1;Database=saga;Username=saga;Password=secret")));

        var message = Assert.Single(error.Failures);
        Assert.StartsWith("ConnectionStrings:Saga is not a SQLite connection string (", message, StringComparison.Ordinal);
        Assert.EndsWith("Set Saga:Store:Provider to the database it is for (Sqlite or PostgreSql).", message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Data Source=saga.db;Mode=ReadWriteCreate")]
    [InlineData("Host=db1;Port=fifty")]
    public void From_ConnectionStringPostgreSqlCannotRead_IsRefusedNamingTheConnectionString(string connectionString)
    {
        var error = Assert.Throws<OptionsValidationException>(() => StoreConnection.From(Configuration("PostgreSql", connectionString)));

        Assert.StartsWith("ConnectionStrings:Saga is not a PostgreSQL connection string (", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Host=db1;Port=5433;Database=saga;Username=saga;Password=secret", "postgresql://saga@db1:5433/saga")]
    [InlineData("Host=db1;Username=ops;Password=secret", "postgresql://ops@db1:5432/ops")]
    [InlineData("Host=db1,db2:5433;Database=saga", "postgresql://db1,db2:5433/saga")]
    public void Location_OfAPostgresStore_NamesUserHostPortAndDatabaseButNeverThePassword(string connectionString, string location)
    {
        var connection = StoreConnection.From(Configuration("PostgreSql", connectionString));

        Assert.Equal(location, connection.Location);
    }

    private static IConfiguration Configuration(string? provider = null, string? connectionString = null) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Saga:Store:Provider"] = provider,
            ["ConnectionStrings:Saga"] = connectionString,
        }).Build();
}
