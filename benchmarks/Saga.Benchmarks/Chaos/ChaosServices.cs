using System.Globalization;
using Npgsql;
using Saga.Tests;
using Saga.Tests.Lab;

namespace Saga.Benchmarks.Chaos;

/// <summary>
/// The services the benchmark restarts: a PostgreSQL server of its own on its own port (scripts/services/postgres; never
/// the shared server on 25432, which other runs use) with a database per trial, and a RabbitMQ broker of its own
/// (scripts/services/rabbitmq). Both are deleted when the benchmark ends.
/// </summary>
internal sealed class ChaosServices : IAsyncDisposable
{
    private readonly int postgresPort;
    private readonly string server;

    private ChaosServices(int postgresPort, string server, Broker broker)
    {
        this.postgresPort = postgresPort;
        this.server = server;
        Broker = broker;
    }

    public Broker Broker { get; }

    public static async Task<ChaosServices> StartAsync(ChaosOptions options)
    {
        var output = await RepositoryScripts.RunAsync("scripts/services/postgres", "up", Port(options.PostgresPort));
        var server = output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
        var broker = await Broker.StartAsync(options.BrokerPort);
        return new ChaosServices(options.PostgresPort, server, broker);
    }

    /// <summary>A new empty database for one trial; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
        await ExecuteAsync($"CREATE DATABASE {name}");
        return new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString;
    }

    public async Task DropDatabaseAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync($"DROP DATABASE IF EXISTS {name} WITH (FORCE)");
    }

    /// <summary>Stops the PostgreSQL server as its service would (fast shutdown: sessions are cut), keeping its data.</summary>
    public Task StopPostgresAsync() => RepositoryScripts.RunAsync("scripts/services/postgres", "stop", Port(postgresPort));

    public Task StartPostgresAsync() => RepositoryScripts.RunAsync("scripts/services/postgres", "up", Port(postgresPort));

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await Broker.DisposeAsync();
        if (Environment.GetEnvironmentVariable("SAGA_CHAOS_KEEP") is null) // set: the kept databases stay readable
            await RepositoryScripts.RunAsync("scripts/services/postgres", "down", Port(postgresPort));
    }

    private async Task ExecuteAsync(string sql)
    {
        // unpooled: a pooled connection may be one the last restart of the server cut
        await using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static string Port(int port) => port.ToString(CultureInfo.InvariantCulture);
}
