using System.Diagnostics;
using System.Globalization;
using Saga.Tests.Lab;

namespace Saga.Benchmarks.Chaos;

/// <summary>What the benchmark does to a deployment.</summary>
internal enum FaultKind
{
    /// <summary>SIGKILL <c>saga serve</c>; started again after a pause.</summary>
    KillHost,

    /// <summary>SIGKILL one of the two workers; started again after a pause.</summary>
    KillWorker,

    /// <summary>Stop RabbitMQ, start it again after a pause (durable queues kept).</summary>
    RestartBroker,

    /// <summary>Stop PostgreSQL (fast shutdown), start it again after a pause, sometimes longer than a lease.</summary>
    RestartPostgres,

    /// <summary>The lab's drop-sessions on a node being worked on: its SSH sessions cut, their commands go on.</summary>
    DropSessions,
}

/// <summary>One fault as it happened: when (from the trial's start), what, and how long what it stopped stayed down.</summary>
internal sealed record Fault(TimeSpan At, FaultKind Kind, string Target, TimeSpan Down)
{
    public override string ToString() => Kind switch
    {
        FaultKind.DropSessions => string.Create(CultureInfo.InvariantCulture, $"{At.TotalSeconds:F0}s drop-sessions {Target}"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{At.TotalSeconds:F0}s {Describe(Kind)}{(Target.Length > 0 ? " " + Target : "")} (down {Down.TotalSeconds:F0}s)"),
    };

    public static string Describe(FaultKind kind) => kind switch
    {
        FaultKind.KillHost => "kill -9 host",
        FaultKind.KillWorker => "kill -9 worker",
        FaultKind.RestartBroker => "restart RabbitMQ",
        FaultKind.RestartPostgres => "restart PostgreSQL",
        _ => "drop-sessions",
    };
}

/// <summary>Applies faults at random moments while a run lasts, and always brings back what it stopped.</summary>
internal sealed class Faults(Random random, SagaDeployment deployment, ChaosServices services, Lab lab, Stopwatch clock)
{
    private readonly List<Fault> applied = [];

    public IReadOnlyList<Fault> Applied => applied;

    /// <summary>
    /// Up to <paramref name="count"/> faults: the first 5 to 60 s after the start, then one 10 to 60 s after the last
    /// came back; none once <paramref name="ended"/> says the run is over.
    /// </summary>
    /// <param name="count">How many faults at most.</param>
    /// <param name="busyNodes">The nodes being worked on now (drop-sessions picks one of them).</param>
    /// <param name="ended">Whether the run is over.</param>
    /// <param name="cancellationToken">Stops before the next fault (what is down is brought back first).</param>
    public async Task RunAsync(int count, Func<Task<IReadOnlyList<string>>> busyNodes, Func<bool> ended, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(i == 0 ? random.Next(5, 61) : random.Next(10, 61)), cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (ended())
                return;
            var kind = (FaultKind)random.Next(Enum.GetValues<FaultKind>().Length);
            applied.Add(await ApplyAsync(kind, busyNodes));
        }
    }

    private async Task<Fault> ApplyAsync(FaultKind kind, Func<Task<IReadOnlyList<string>>> busyNodes)
    {
        var at = clock.Elapsed;
        switch (kind)
        {
            case FaultKind.KillHost:
                deployment.KillHost();
                return new Fault(at, kind, "", await PauseAsync(0, 10, deployment.StartHost));
            case FaultKind.KillWorker:
                var worker = random.Next(deployment.Workers);
                deployment.KillWorker(worker);
                return new Fault(at, kind, $"{worker + 1}", await PauseAsync(0, 10, () => deployment.StartWorker(worker)));
            case FaultKind.RestartBroker:
                await services.Broker.StopAsync();
                return new Fault(at, kind, "", await PauseAsync(1, 10, () => services.Broker.StartAgainAsync()));
            case FaultKind.RestartPostgres:
                await services.StopPostgresAsync();
                return new Fault(at, kind, "", await PauseAsync(2, 46, services.StartPostgresAsync)); // a lease is 30 s
            default:
                var busy = await busyNodes();
                var node = busy.Count > 0 ? busy[random.Next(busy.Count)] : lab.Inventory.Nodes[random.Next(lab.Inventory.Nodes.Count)].Name;
                await lab.FaultAsync(node, "drop-sessions");
                return new Fault(at, kind, node, TimeSpan.Zero);
        }
    }

    private Task<TimeSpan> PauseAsync(int min, int max, Action restart) => PauseAsync(min, max, () =>
    {
        restart();
        return Task.CompletedTask;
    });

    /// <summary>Waits min to max seconds (never cancelled: what was stopped always comes back), then restarts it; returns how long it was down.</summary>
    private async Task<TimeSpan> PauseAsync(int min, int max, Func<Task> restart)
    {
        var down = clock.Elapsed;
        await Task.Delay(TimeSpan.FromSeconds(random.Next(min, max)) + TimeSpan.FromMilliseconds(random.Next(1000)), CancellationToken.None);
        await restart();
        return clock.Elapsed - down;
    }
}
