using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Saga.Tests.Postgres;

/// <summary>
/// A database of its own on the project's PostgreSQL server (scripts/services/postgres, which installs and starts it
/// when needed and is left running, as a service would be), dropped on dispose so tests never see each other's rows.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable
{
    private static readonly Lazy<Task<string>> Server = new(StartServerAsync);

    private PostgresDatabase(string name, string connectionString)
    {
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }

    /// <summary>The owner's connection string for this database (user and password "saga").</summary>
    public string ConnectionString { get; }

    /// <summary>Settings that point the engine at this database.</summary>
    public IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Saga:Store:Provider"] = "PostgreSql",
        ["ConnectionStrings:Saga"] = ConnectionString,
    };

    /// <summary>Environment variables that point the <c>saga</c> executable at this database.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["Saga__Store__Provider"] = "PostgreSql",
        ["ConnectionStrings__Saga"] = ConnectionString,
    };

    /// <summary>A new, empty database.</summary>
    public static async Task<PostgresDatabase> CreateAsync(CancellationToken cancellationToken)
    {
        var database = await NotCreatedAsync();
        await ExecuteAsync(await Server.Value, $"CREATE DATABASE {database.Name}", cancellationToken);
        return database;
    }

    /// <summary>A database that does not exist yet, for tests of what a missing one does; dropped on dispose if something created it.</summary>
    public static async Task<PostgresDatabase> NotCreatedAsync()
    {
        var server = await Server.Value;
        var name = "saga_t_" + Guid.NewGuid().ToString("N")[..20];
        return new PostgresDatabase(name, new NpgsqlConnectionStringBuilder(server) { Database = name }.ConnectionString);
    }

    /// <summary>The server's own connection string, for tests that change one part of it.</summary>
    public static async Task<NpgsqlConnectionStringBuilder> ServerAsync() => new(await Server.Value);

    /// <summary>A loopback port nothing listens on (it was free a moment ago).</summary>
    public static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(connection);
        await ExecuteAsync(await Server.Value, $"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", CancellationToken.None);
    }

    private static async Task ExecuteAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Runs <c>scripts/services/postgres up</c>; its last line is the connection string.</summary>
    private static async Task<string> StartServerAsync()
    {
        var output = await RepositoryScripts.RunAsync("scripts/services/postgres", "up");
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
    }
}
