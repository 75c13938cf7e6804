using Npgsql;
using Saga.Host.Tests.Support;
using Saga.Tests.Postgres;

namespace Saga.Host.Tests.Engine;

/// <summary>The real executable on a shared PostgreSQL store, chosen through environment variables.</summary>
public sealed class PostgresStoreTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StartThenStatus_StoreOnPostgresByEnvironment_RunsTheFlowThereAndStatusReadsItBack()
    {
        await using var database = await PostgresDatabase.CreateAsync(Ct);
        using var workspace = new Workspace();
        foreach (var (key, value) in database.Environment)
            workspace.Environment[key] = value;
        workspace.Write("chain.json", Definitions.DelayChain("chain", "00:00:00.01", "00:00:00.01"));
        Assert.Equal(0, (await workspace.RunAsync("definitions", "import", "chain.json", "--publish")).ExitCode);

        var start = await workspace.RunAsync("start", "chain");
        Assert.True(start.ExitCode == 0, start.ToString());
        var id = Workspace.InstanceIdIn(start.Stdout);
        var status = await workspace.RunAsync("status", id);

        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.Contains("Status     Finished", status.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"a1\s+Delay\s+Executed\s+Done", status.Stdout);
        Assert.Matches(@"a2\s+Delay\s+Executed\s+Done", status.Stdout);
        Assert.False(File.Exists(workspace.StorePath)); // no SQLite file beside it
        Assert.Equal(2, await JournalRowsAsync(database, id));
    }

    [Fact]
    public async Task Status_WrongPasswordForPostgres_ExitsUnavailableWithOneLineAndNoSecret()
    {
        var server = await PostgresDatabase.ServerAsync();
        server.Password = "not-the-password";
        using var workspace = OnPostgres(server.ConnectionString);

        var run = await workspace.RunAsync("status");

        Assert.Equal(5, run.ExitCode);
        Assert.Equal(
            $"saga: The store postgresql://saga@127.0.0.1:{server.Port}/saga refused the login (password authentication failed for user \"saga\"). Check the user and password in ConnectionStrings:Saga.",
            run.Stderr.Trim());
        Assert.DoesNotContain("not-the-password", run.Stdout + run.Stderr + workspace.Log(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_NoPostgresOnThePort_ExitsUnavailableWithOneLine()
    {
        var server = await PostgresDatabase.ServerAsync();
        server.Port = PostgresDatabase.ClosedPort();
        using var workspace = OnPostgres(server.ConnectionString);

        var run = await workspace.RunAsync("status");

        Assert.Equal(5, run.ExitCode);
        Assert.Equal(
            $"saga: The store postgresql://saga@127.0.0.1:{server.Port}/saga cannot be reached (Connection refused). Check that PostgreSQL runs there and that ConnectionStrings:Saga names its host and port.",
            run.Stderr.Trim());
    }

    [Fact]
    public async Task Status_UnknownStoreProvider_IsBadInputNamingTheKey()
    {
        using var workspace = new Workspace();
        workspace.Environment["Saga__Store__Provider"] = "Postgres";

        var run = await workspace.RunAsync("status");

        Assert.Equal(2, run.ExitCode);
        Assert.Equal("saga: configuration refused: Saga:Store:Provider is 'Postgres'; it must be Sqlite (the default) or PostgreSql.", run.Stderr.Trim());
    }

    [Fact]
    public async Task Serve_StoreNotAnsweringYet_SaysItWaitsOnceAndStartsWhenTheStoreAnswers()
    {
        await using var database = await PostgresDatabase.CreateAsync(Ct);
        using var late = new LatePostgres(new NpgsqlConnectionStringBuilder(database.ConnectionString).Port);
        using var workspace = OnPostgres(new NpgsqlConnectionStringBuilder(database.ConnectionString) { Port = late.Port }.ConnectionString);
        workspace.Environment["Saga__Api__Key"] = "store-wait-test-key-0123456789abcdef";
        using var serve = workspace.Start("serve", "--urls", "http://127.0.0.1:0");

        await Until(() => serve.Stderr.Contains("Waiting for it to answer", StringComparison.Ordinal) || serve.HasExited, serve);
        await Task.Delay(TimeSpan.FromSeconds(3), Ct); // a few more attempts fail meanwhile
        Assert.False(serve.HasExited, serve.ToString());
        late.Open();
        await Until(() => serve.Stdout.Contains("Listening on", StringComparison.Ordinal) || serve.HasExited, serve);

        Assert.False(serve.HasExited, serve.ToString());
        Assert.Equal(1, CountOf(serve.Stderr, "cannot be reached (Connection refused)"));
        Assert.Contains($"the store postgresql://saga@127.0.0.1:{late.Port}/{database.Name} answers again; starting.", serve.Stderr, StringComparison.Ordinal);
    }

    private static int CountOf(string text, string part) => text.Split(part).Length - 1;

    private static async Task Until(Func<bool> condition, SagaProcess process)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        try
        {
            while (!condition())
                await Task.Delay(50, timeout.Token);
        }
        catch (OperationCanceledException) when (!Ct.IsCancellationRequested)
        {
            Assert.Fail("timed out; " + process);
        }
    }

    private static Workspace OnPostgres(string connectionString)
    {
        var workspace = new Workspace();
        workspace.Environment["Saga__Store__Provider"] = "PostgreSql";
        workspace.Environment["ConnectionStrings__Saga"] = connectionString;
        return workspace;
    }

    private static async Task<long> JournalRowsAsync(PostgresDatabase database, string instanceId)
    {
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new NpgsqlCommand("""SELECT count(*) FROM "Journal" WHERE "InstanceId" = @id""", connection);
        command.Parameters.AddWithValue("id", instanceId);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
