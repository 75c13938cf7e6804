using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Saga.Engine.Instances;
using Saga.Host.Tests.Downgrade;
using Saga.Tests;
using Saga.Tests.Lab;

namespace Saga.Benchmarks.Chaos;

/// <summary>What one trial showed.</summary>
internal sealed record TrialResult(
    int Trial, TimeSpan Duration, InstanceStatus? Status, IReadOnlyList<Fault> Faults, IReadOnlyList<string> Actions, IReadOnlyList<string> RunFaults,
    string? NotVerified, IReadOnlyList<Repeat> Repeats, string Logs)
{
    public bool Verified => NotVerified is null;

    public int Repeated => Repeats.Sum(r => r.Times - 1);

    /// <summary>A trial that could not go on; its logs are where <see cref="ChaosTrial"/> said when it stopped.</summary>
    public static TrialResult Broken(int trial, string why) => new(trial, TimeSpan.Zero, null, [], [], [], "the trial stopped: " + why, [], "(above)");
}

/// <summary>
/// One trial: a fresh lab, a fresh database, the deployment started, a downgrade triggered over the bus, faults at random
/// moments while an operator follows it to its end; then the cluster verified and the repeats counted.
/// </summary>
internal static class ChaosTrial
{
    public static async Task<TrialResult> RunAsync(int trial, ChaosOptions options, ChaosServices services, string saga, Random random)
    {
        var directory = $"/var/lib/saga-lab/chaos-{trial}";
        await RepositoryScripts.RunAsync("tests/lab/down", "--dir", directory); // whatever an interrupted run left there
        string[] os = ["centos7", "xenial", "trusty"];
        string[] nodes = ["ctl:centos7:control", .. Enumerable.Range(1, options.ComputeNodes).Select(i => $"c{i:00}:{os[i % 3]}:compute")];
        await using var lab = await Lab.StartAsync(directory, options.Subnet(trial), 1, nodes);
        var cluster = new DowngradedCluster(lab);
        cluster.RememberFelixConfigs();
        var database = $"saga_chaos_{trial}";
        var connection = await services.CreateDatabaseAsync(database);
        var folder = Directory.CreateTempSubdirectory($"saga-chaos-{trial}-").FullName;
        try
        {
            var environment = new Dictionary<string, string>(services.Broker.Environment)
            {
                ["Saga__Store__Provider"] = "PostgreSql",
                ["ConnectionStrings__Saga"] = connection,
                ["Saga__Bus__RunNodesHere"] = "false",
                ["Saga__Api__Key"] = "chaos-benchmark-key-0123456789abcdef",
                ["Saga__Inventories__Directory"] = Path.GetDirectoryName(lab.InventoryPath)!, // the lab's keys and calicoctl are beside its inventory
                ["XDG_STATE_HOME"] = Path.Combine(folder, "state"),
            };
            await using var store = new ServiceCollection().AddLogging().AddSagaEngine(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Saga:Store:Provider"] = "PostgreSql",
                ["ConnectionStrings:Saga"] = connection,
            }).Build()).BuildServiceProvider();

            var clock = Stopwatch.StartNew();
            InstanceStatus? status;
            IReadOnlyList<Fault> faults;
            Operator watcher;
            var edits = FileEdits.Watch(lab);
            await using (edits)
            {
                using (var deployment = new SagaDeployment(saga, folder, environment))
                {
                    deployment.StartHost();
                    for (var i = 0; i < deployment.Workers; i++)
                        deployment.StartWorker(i);
                    var id = await deployment.TriggerStartAsync(lab.InventoryPath, options.Parallel, options.Canary);
                    clock.Restart();
                    watcher = new Operator(store.GetRequiredService<IWorkflowInstances>(), deployment, clock);
                    var chaos = new Faults(random, deployment, services, lab, clock);
                    using var stop = new CancellationTokenSource();
                    var faulting = chaos.RunAsync(options.FaultsPerTrial, () => Task.FromResult(watcher.BusyNodes), () => watcher.Ended, stop.Token);
                    try
                    {
                        status = await watcher.FollowAsync(id, options.TrialTimeout);
                    }
                    finally
                    {
                        await stop.CancelAsync();
                        await faulting; // what it stopped is back before the deployment goes, also when the trial cannot go on
                    }

                    faults = chaos.Applied;
                }

                // every saga process is gone: nothing changes the nodes any more
            }

            var duration = clock.Elapsed;
            var notVerified = status == InstanceStatus.Finished ? await VerifyAsync(cluster) : $"the run ended {status?.ToString() ?? "unseen"}";
            var result = new TrialResult(trial, duration, status, faults, watcher.Actions, watcher.RunFaults, notVerified, MutatingOperations.Repeated(lab, edits), folder);
            if (result.Verified && result.Repeated == 0)
            {
                Directory.Delete(folder, recursive: true); // otherwise its logs and its database are kept for a look
                await services.DropDatabaseAsync(database);
            }

            return result;
        }
        catch
        {
            Console.WriteLine($"trial {trial}: the logs are in {folder}, the store in database {database}");
            throw;
        }
    }

    /// <summary>The checks the downgrade's end-to-end tests make (DowngradedCluster); null when they pass, else what failed.</summary>
    private static async Task<string?> VerifyAsync(DowngradedCluster cluster)
    {
        try
        {
            await cluster.AssertEveryNodeDowngradedAsync();
            return null;
        }
        catch (Exception ex) when (ex is Xunit.Sdk.XunitException or InvalidOperationException)
        {
            return ex.Message.ReplaceLineEndings(" ");
        }
    }
}
