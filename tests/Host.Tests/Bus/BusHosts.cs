using System.Text.RegularExpressions;
using Saga.Engine.Instances;
using Saga.Host.Tests.Support;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Bus;

/// <summary>saga's processes on one broker and one store: a host (saga serve) and workers, started and killed by a test.</summary>
internal sealed partial class BusHosts : IDisposable
{
    private readonly List<SagaProcess> processes = [];

    /// <param name="broker">The broker every process uses.</param>
    /// <param name="store">Environment naming a shared store (PostgreSQL); default the SQLite file in the workspace.</param>
    public BusHosts(Broker broker, IReadOnlyDictionary<string, string>? store = null)
    {
        foreach (var (key, value) in broker.Environment.Concat(store ?? new Dictionary<string, string>()))
            Workspace.Environment[key] = value;
        // Inventories from the bus must keep the host's rules: the labs' keys, known_hosts and calicoctl are in their folders.
        Workspace.Environment["Saga__Inventories__Directory"] = Lab.Root;
    }

    public Workspace Workspace { get; } = new();

    /// <summary><c>saga serve</c>; with <paramref name="runNodes"/> false it leaves node work to workers.</summary>
    public SagaProcess Serve(bool runNodes = false, string urls = "http://127.0.0.1:0") =>
        Track(SagaProcess.Start(Workspace.Folder, With(("Saga__Bus__RunNodesHere", runNodes ? "true" : "false")), "serve", "--urls", urls));

    public SagaProcess Worker(int concurrency = 8) => Track(Workspace.Start("worker", "--concurrency", concurrency.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    /// <summary>Runs <c>saga trigger start</c> and returns the id of the instance it asked for.</summary>
    public async Task<string> TriggerStartAsync(params string[] args)
    {
        var trigger = await Workspace.RunAsync(["trigger", "start", .. args]);
        Assert.True(trigger.ExitCode == 0, trigger.ToString());
        return SentLine().Match(trigger.Stdout).Groups[1].Value;
    }

    public async Task<InstanceDetails> WaitForAsync(string id, Func<InstanceDetails, bool> until, TimeSpan? timeout = null)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromMinutes(3));
        InstanceDetails? last = null;
        try
        {
            while (true)
            {
                if (!Workspace.StoreIsLocal || File.Exists(Workspace.StorePath))
                {
                    try
                    {
                        last = await Workspace.InstanceAsync(id);
                        if (until(last))
                            return last;
                    }
                    catch (Exception ex) when (ex is InvalidOperationException or System.Data.Common.DbException)
                    {
                        // the store or the instance is not there yet
                    }
                }

                await Task.Delay(250, limit.Token);
            }
        }
        catch (OperationCanceledException) when (!TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{id} is {last?.Summary.Status.ToString() ?? "not there"} at {last?.Summary.CurrentActivityId}; processes:\n{string.Join("\n", processes)}\nlog:\n{Workspace.Log()}");
        }
    }

    public Task<InstanceDetails> WaitForEndAsync(string id, TimeSpan? timeout = null) =>
        WaitForAsync(id, d => d.Summary.Status is InstanceStatus.Finished or InstanceStatus.Faulted or InstanceStatus.Cancelled, timeout);

    public void Dispose()
    {
        foreach (var process in processes)
            process.Dispose();
        Workspace.Dispose();
    }

    public override string ToString() => string.Join("\n", processes);

    private SagaProcess Track(SagaProcess process)
    {
        processes.Add(process);
        return process;
    }

    private Dictionary<string, string> With((string Key, string Value) extra) => new(Workspace.Environment) { [extra.Key] = extra.Value };

    [GeneratedRegex("Sent StartDowngrade for instance ([0-9a-f]{32})")]
    private static partial Regex SentLine();
}
