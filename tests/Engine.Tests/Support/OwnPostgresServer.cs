using Npgsql;
using Saga.Tests;

namespace Saga.Engine.Tests.Support;

/// <summary>
/// A PostgreSQL server of this test's own (scripts/services/postgres on a port of its own), for tests that stop and
/// start it: the shared test server on 25432 is never stopped, other test processes use it. A port is held through
/// an exclusive lock file, so two test runs never share one; the cluster is stopped, not deleted, at the end, so the
/// next run only starts it. Each test gets a fresh database in it.
/// </summary>
internal sealed class OwnPostgresServer : IAsyncDisposable
{
    private const int FirstPort = 25460;
    private const int LastPort = 25479;

    private readonly FileStream claim;
    private readonly string port;

    private OwnPostgresServer(FileStream claim, int port, string connectionString)
    {
        this.claim = claim;
        this.port = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        ConnectionString = connectionString;
    }

    /// <summary>The owner's connection string for this test's database.</summary>
    public string ConnectionString { get; }

    public IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Saga:Store:Provider"] = "PostgreSql",
        ["ConnectionStrings:Saga"] = ConnectionString,
    };

    public static async Task<OwnPostgresServer> StartAsync(CancellationToken cancellationToken)
    {
        Directory.CreateDirectory("/var/lib/saga-lab");
        for (var port = FirstPort; port <= LastPort; port++)
        {
            FileStream claim;
            try
            {
                // FileShare.None is an exclusive lock on Linux too; it goes with the process, however it ends.
                claim = new FileStream($"/var/lib/saga-lab/postgres-{port}.owner", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                continue;
            }

            var server = (await RepositoryScripts.RunAsync("scripts/services/postgres", "up", port.ToString(System.Globalization.CultureInfo.InvariantCulture)))
                .Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1].Trim();
            var database = "saga_outage_" + Guid.NewGuid().ToString("N")[..16];
            await using (var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(server) { Pooling = false }.ConnectionString))
            {
                await connection.OpenAsync(cancellationToken);
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", connection);
                await create.ExecuteNonQueryAsync(cancellationToken);
            }

            return new OwnPostgresServer(claim, port, new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString);
        }

        throw new InvalidOperationException($"every port from {FirstPort} to {LastPort} is held by another test run");
    }

    /// <summary>Stops the server (fast shutdown: sessions are cut, as when it crashes or is restarted); its data stays.</summary>
    public Task StopAsync() => RepositoryScripts.RunAsync("scripts/services/postgres", "stop", port);

    public Task StartAgainAsync() => RepositoryScripts.RunAsync("scripts/services/postgres", "up", port);

    public async ValueTask DisposeAsync()
    {
        await using (var connection = new NpgsqlConnection(ConnectionString))
            NpgsqlConnection.ClearPool(connection);
        try
        {
            // Not pooled: a pooled session from before the server was stopped would be cut (57P01).
            await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "saga", Pooling = false }.ConnectionString);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(ConnectionString).Database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
        }
        finally
        {
            await StopAsync();
            await claim.DisposeAsync();
        }
    }
}
