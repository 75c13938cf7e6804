using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Saga.Engine.Definitions;
using Saga.Engine.Instances;
using Saga.Engine.Persistence;
using Saga.Engine.Runtime;
using Saga.Tests.Postgres;

namespace Saga.Engine.Tests.Support;

/// <summary>
/// The engine on a real SQLite file in a fresh folder (or on a PostgreSQL database), with a fake clock and the test
/// activities. Two engines on one PostgreSQL database are two hosts sharing the store.
/// </summary>
internal sealed class TestEngine : IAsyncDisposable
{
    private readonly ServiceProvider provider;
    private PostgresDatabase? ownDatabase;

    private TestEngine(ServiceProvider provider, string folder, FakeTimeProvider time)
    {
        this.provider = provider;
        Folder = folder;
        Time = time;
    }

    /// <summary>A variable the tests' engine reserves, as the downgrade reserves its inventory.</summary>
    public const string Reserved = "inventory";

    /// <summary>The clock the engine runs on: <see cref="Time"/>, unless started with the system's.</summary>
    public TimeProvider Clock => provider.GetRequiredService<TimeProvider>();

    public string Folder { get; }

    public FakeTimeProvider Time { get; }

    public Calls Calls => provider.GetRequiredService<Calls>();

    public Faults Faults => provider.GetRequiredService<Faults>();

    public Gate Gate => provider.GetRequiredService<Gate>();

    public Changes Changes => provider.GetRequiredService<Changes>();

    public RunScopeProbe RunScopes => provider.GetRequiredService<RunScopeProbe>();

    public IWorkflowRunner Runner => provider.GetRequiredService<IWorkflowRunner>();

    public IWorkflowDefinitions Definitions => provider.GetRequiredService<IWorkflowDefinitions>();

    public IWorkflowInstances Instances => provider.GetRequiredService<IWorkflowInstances>();

    public IServiceProvider Services => provider;

    /// <summary>The engine's own contexts, for looking at the store as it does.</summary>
    public Microsoft.EntityFrameworkCore.IDbContextFactory<SagaDbContext> Contexts =>
        provider.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<SagaDbContext>>();

    /// <param name="folder">Where the SQLite store goes; a fresh folder when null.</param>
    /// <param name="settings">Configuration read last.</param>
    /// <param name="systemClock">Run on the system's clock (a real server's outage takes real time) instead of <see cref="Time"/>.</param>
    public static async Task<TestEngine> StartAsync(string? folder = null, IDictionary<string, string?>? settings = null, bool systemClock = false)
    {
        folder ??= Path.Combine(Path.GetTempPath(), "saga-tests", Guid.NewGuid().ToString("N"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Saga"] = $"Data Source={Path.Combine(folder, "store", "saga.db")}",
            ["Saga:Engine:LeaseDuration"] = "00:00:30",
        }).AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build();

        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero));
        var services = new ServiceCollection().AddLogging(l => l.AddProvider(new LogLines())).AddSingleton(systemClock ? TimeProvider.System : time)
            .AddSingleton(new Calls()).AddSingleton(new Faults()).AddSingleton(new Gate()).AddSingleton(new Changes()).AddScoped<ScopedProbe>();
        services.AddSingleton<IWorkflowObserver>(sp => sp.GetRequiredService<Changes>());
        services.Configure<ReservedVariables>(r => r.Add([Reserved]));
        services.AddSingleton<RunScopeProbe>();
        services.AddSingleton<IRunScope>(sp => sp.GetRequiredService<RunScopeProbe>());
        services.AddSagaEngine(configuration).AddActivity<Record>().AddActivity<Fail>().AddActivity<Block>().AddActivity<Choose>().AddActivity<FanIn>()
            .AddActivity<Throw>().AddActivity<Spawn>().AddActivity<UseScoped>().AddActivity<PerNode>().AddActivity<SeeRunScope>()
            .AddActivity<RunCommands>();
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
        var engine = new TestEngine(provider, folder, time);
        await provider.GetRequiredService<ISagaStore>().EnsureReadyAsync(TestContext.Current.CancellationToken);
        return engine;
    }

    /// <summary>The engine on a PostgreSQL database (which the caller drops); its clock starts where every engine's does.</summary>
    public static Task<TestEngine> OnPostgresAsync(PostgresDatabase database, IDictionary<string, string?>? settings = null, bool systemClock = false) =>
        StartAsync(settings: new Dictionary<string, string?>(database.Settings.Concat(settings ?? new Dictionary<string, string?>())), systemClock: systemClock);

    /// <summary>What the engine logged, one line per event with its level ("Warning: ...").</summary>
    public LogLines Log => (LogLines)provider.GetServices<Microsoft.Extensions.Logging.ILoggerProvider>().Single(p => p is LogLines);

    /// <summary>The engine on a fresh store of the provider named as <c>Saga:Store:Provider</c> names it, for tests both must pass.</summary>
    public static async Task<TestEngine> OnStoreAsync(string provider)
    {
        if (provider != nameof(StoreProvider.PostgreSql))
            return await StartAsync();
        var database = await PostgresDatabase.CreateAsync(TestContext.Current.CancellationToken);
        var engine = await OnPostgresAsync(database);
        engine.ownDatabase = database;
        return engine;
    }

    /// <summary>Publishes the definition "child" (one Record activity) that <see cref="Spawn"/> creates instances of.</summary>
    public Task PublishChildAsync() => Definitions.SaveAsync(Flow.Named("child").Then("c1", "Record").Build(), publish: true, TestContext.Current.CancellationToken);

    /// <summary>Saves and publishes a definition, then creates an instance of it.</summary>
    public async Task<string> CreateAsync(WorkflowDefinition definition, IReadOnlyDictionary<string, System.Text.Json.JsonElement>? variables = null)
    {
        var ct = TestContext.Current.CancellationToken;
        var saved = await Definitions.SaveAsync(definition, publish: true, ct);
        return (await Runner.CreateAsync(saved.DefinitionId!, variables, null, ct)).InstanceId;
    }

    public async Task<InstanceDetails> GetAsync(string instanceId) =>
        await Instances.GetAsync(instanceId, TestContext.Current.CancellationToken) ?? throw new InvalidOperationException("no instance " + instanceId);

    /// <summary>Changes the store behind the engine's back, as another process would.</summary>
    public async Task WithStoreAsync(Func<SagaDbContext, Task> change)
    {
        await using var db = await Contexts.CreateDbContextAsync(TestContext.Current.CancellationToken);
        await change(db);
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await provider.DisposeAsync();
        if (ownDatabase is not null)
            await ownDatabase.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
