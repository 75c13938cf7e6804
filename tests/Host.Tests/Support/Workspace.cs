using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saga.Engine.Instances;

namespace Saga.Host.Tests.Support;

/// <summary>A folder where saga keeps its store and logs for one test, and ways to look at both.</summary>
internal sealed partial class Workspace : IDisposable
{
    public Workspace()
    {
        Directory.CreateDirectory(Folder);
        Environment["XDG_STATE_HOME"] = Path.Combine(Folder, "state"); // saga's default store and logs, kept in the workspace
    }

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "saga-host-tests", Guid.NewGuid().ToString("N"));

    public Dictionary<string, string> Environment { get; } = [];

    /// <summary>Where saga keeps its default store, logs and API key hash: <c>$XDG_STATE_HOME/saga</c>.</summary>
    public string StateFolder => Path.Combine(Environment["XDG_STATE_HOME"], "saga");

    public string StorePath => Path.Combine(StateFolder, "saga.db");

    public string LogFolder => Path.Combine(StateFolder, "logs");

    public Task<SagaProcess> RunAsync(params string[] args) => SagaProcess.RunAsync(Folder, Environment, args);

    public SagaProcess Start(params string[] args) => SagaProcess.Start(Folder, Environment, args);

    public string Write(string name, string content)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, content);
        return path;
    }

    /// <summary>Everything saga logged to its rolling files so far.</summary>
    public string Log()
    {
        var logs = LogFolder;
        if (!Directory.Exists(logs))
            return "";
        return string.Concat(Directory.GetFiles(logs, "*.log").Order().Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }));
    }

    public int CountInLog(string text) => Regex.Count(Log(), Regex.Escape(text));

    /// <summary>Waits for <paramref name="text"/> in the log; the limit is generous, a run's first steps are slow on a loaded machine.</summary>
    public async Task WaitForLogAsync(string text)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(4));
        while (!Log().Contains(text, StringComparison.Ordinal))
            await Task.Delay(25, timeout.Token);
    }

    /// <summary>Reads the store the way saga does, through the engine.</summary>
    public Task<InstanceDetails> InstanceAsync(string id) =>
        ReadAsync(async instances => await instances.GetAsync(id, TestContext.Current.CancellationToken) ?? throw new InvalidOperationException($"no instance {id}"));

    /// <summary>How many instances the store holds, compute nodes included.</summary>
    public Task<int> CountInstancesAsync() =>
        ReadAsync(async instances => (await instances.ListAsync(null, 10_000, TestContext.Current.CancellationToken, includeChildren: true)).Count);

    /// <summary>A fan-out's child instances (a downgrade's compute nodes), in full.</summary>
    public Task<InstanceDetails[]> ChildrenAsync(string id) =>
        ReadAsync(async instances => await Task.WhenAll((await instances.ListChildrenAsync(id, TestContext.Current.CancellationToken))
            .Select(async c => (await instances.GetAsync(c.Id, TestContext.Current.CancellationToken))!)));

    /// <summary>Whether saga's store is the SQLite file here (not a PostgreSQL database named in <see cref="Environment"/>).</summary>
    public bool StoreIsLocal => !Environment.ContainsKey("ConnectionStrings__Saga");

    /// <summary>Reads the store saga's processes use: the SQLite file here, or the store <see cref="Environment"/> names.</summary>
    private async Task<T> ReadAsync<T>(Func<IWorkflowInstances, Task<T>> read)
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Saga"] = $"Data Source={StorePath}" };
        foreach (var (key, value) in Environment.Where(e => e.Key.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || e.Key.StartsWith("Saga__Store__", StringComparison.Ordinal)))
            settings[key.Replace("__", ":", StringComparison.Ordinal)] = value;
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        await using var services = new ServiceCollection().AddLogging().AddSagaEngine(configuration).BuildServiceProvider();
        return await read(services.GetRequiredService<IWorkflowInstances>());
    }

    public static string InstanceIdIn(string stdout) => StartedLine().Match(stdout) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no instance id in:\n" + stdout);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    [GeneratedRegex("Started instance ([0-9a-f]{32})")]
    private static partial Regex StartedLine();
}
