using Npgsql;
using Saga.Engine.Persistence;
using Saga.Engine.Tests.Support;
using Saga.Tests.Postgres;

namespace Saga.Engine.Tests.Persistence;

/// <summary>Opening a PostgreSQL store, and what an operator reads when it cannot be opened.</summary>
public sealed class PostgresStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EnsureReady_WrongPassword_ThrowsOneLineNamingUserHostPortAndDatabaseWithoutThePassword()
    {
        var server = await PostgresDatabase.ServerAsync();
        server.Password = "not-the-password";

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => StartAsync(server.ConnectionString));

        Assert.Equal(
            $"The store postgresql://saga@127.0.0.1:{server.Port}/saga refused the login (password authentication failed for user \"saga\"). Check the user and password in ConnectionStrings:Saga.",
            error.Message);
    }

    [Fact]
    public async Task EnsureReady_NothingListensOnThePort_ThrowsOneLineSayingTheStoreCannotBeReached()
    {
        var server = await PostgresDatabase.ServerAsync();
        server.Port = PostgresDatabase.ClosedPort();

        var error = await Assert.ThrowsAsync<StoreUnavailableException>(() => StartAsync(server.ConnectionString));

        Assert.Equal(
            $"The store postgresql://saga@127.0.0.1:{server.Port}/saga cannot be reached (Connection refused). Check that PostgreSQL runs there and that ConnectionStrings:Saga names its host and port.",
            error.Message);
    }

    [Fact]
    public async Task EnsureReady_DatabaseMissingAndTheUserMayCreateOne_CreatesAndMigratesIt()
    {
        await using var missing = await PostgresDatabase.NotCreatedAsync();

        await using var engine = await StartAsync(missing.ConnectionString);

        Assert.Empty(await engine.Instances.ListAsync(null, 10, Ct));
    }

    private static Task<TestEngine> StartAsync(string connectionString) =>
        TestEngine.StartAsync(settings: new Dictionary<string, string?> { ["Saga:Store:Provider"] = "PostgreSql", ["ConnectionStrings:Saga"] = connectionString });
}
