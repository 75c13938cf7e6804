using System.Globalization;

namespace Saga.Benchmarks.Chaos;

/// <summary>The chaos benchmark's settings, from its command line.</summary>
internal sealed record ChaosOptions
{
    public const string Usage =
        "usage: Saga.Benchmarks chaos [--trials N] [--nodes N] [--faults N] [--parallel N] [--canary N] [--seed N] [--subnets FIRST-LAST] [--postgres-port P] [--broker-port P] [--timeout MINUTES]";

    /// <value>Default: 20 trials, each on a fresh lab.</value>
    public int Trials { get; init; } = 20;

    /// <value>Default: 30 compute nodes (plus one control node).</value>
    public int ComputeNodes { get; init; } = 30;

    /// <value>Default: 3 faults per trial, at random moments, while the run lasts.</value>
    public int FaultsPerTrial { get; init; } = 3;

    /// <value>Default: 15 compute nodes at a time.</value>
    public int Parallel { get; init; } = 15;

    /// <value>Default: 2 canary nodes.</value>
    public int Canary { get; init; } = 2;

    /// <value>Default: a random seed, printed so a run can be repeated.</value>
    public int Seed { get; init; } = Random.Shared.Next();

    /// <value>Default: 127.0.160 to 127.0.169; trial N takes the (N-1) mod 10-th.</value>
    public (int First, int Last) Subnets { get; init; } = (160, 169);

    /// <value>Default: 25468, a PostgreSQL server of the benchmark's own (scripts/services/postgres), which it restarts.</value>
    public int PostgresPort { get; init; } = 25468;

    /// <value>Default: 21956, a RabbitMQ broker of the benchmark's own (scripts/services/rabbitmq), which it restarts.</value>
    public int BrokerPort { get; init; } = 21956;

    /// <value>Default: 25 minutes for one trial's run before it counts as not verified.</value>
    public TimeSpan TrialTimeout { get; init; } = TimeSpan.FromMinutes(25);

    public string Subnet(int trial) => $"127.0.{Subnets.First + ((trial - 1) % (Subnets.Last - Subnets.First + 1))}";

    public static ChaosOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new ChaosOptions();
        for (var i = 0; i < args.Count; i++)
        {
            if (i + 1 >= args.Count)
                return null;
            var value = args[++i];
            int Number() => int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : throw new FormatException($"{args[i - 1]} wants a number, not '{value}'");
            options = args[i - 1] switch
            {
                "--trials" => options with { Trials = Math.Max(1, Number()) },
                "--nodes" => options with { ComputeNodes = Math.Max(1, Number()) },
                "--faults" => options with { FaultsPerTrial = Number() },
                "--parallel" => options with { Parallel = Math.Max(1, Number()) },
                "--canary" => options with { Canary = Number() },
                "--seed" => options with { Seed = Number() },
                "--postgres-port" => options with { PostgresPort = Number() },
                "--broker-port" => options with { BrokerPort = Number() },
                "--timeout" => options with { TrialTimeout = TimeSpan.FromMinutes(Math.Max(1, Number())) },
                "--subnets" when value.Split('-') is [var first, var last] && int.TryParse(first, CultureInfo.InvariantCulture, out var f)
                                                                        && int.TryParse(last, CultureInfo.InvariantCulture, out var l) && f <= l && l < 255 => options with { Subnets = (f, l) },
                _ => null,
            };
            if (options is null)
                return null;
        }

        return options;
    }
}
