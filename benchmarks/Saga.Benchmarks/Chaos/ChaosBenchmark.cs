using System.Globalization;
using System.Runtime.InteropServices;

namespace Saga.Benchmarks.Chaos;

/// <summary>
/// Chaos at scale: per trial, a fresh lab of 1 control and 30 compute nodes (package operations delayed 1 s), a bus
/// deployment (<c>saga serve</c> and two <c>saga worker</c> on a PostgreSQL store and RabbitMQ, all the benchmark's
/// own), a downgrade started with <c>saga trigger start</c>, and faults at random moments: SIGKILL of the host or a
/// worker, a restart of the broker or of PostgreSQL, a node's SSH sessions dropped; what was stopped is started again,
/// and an operator approves and resumes through the bus until the run finishes. Prints per trial what was done when,
/// whether the cluster verified (the end-to-end tests' checks) and how many mutating operations ran more than once on a
/// node (<see cref="MutatingOperations"/>), then the totals. Target: every trial verified, nothing repeated.
/// </summary>
internal static class ChaosBenchmark
{
    public static async Task<int> RunAsync(IReadOnlyList<string> args)
    {
        var options = ChaosOptions.Parse(args);
        if (options is null)
        {
            Console.Error.WriteLine(ChaosOptions.Usage);
            return 2;
        }

        var saga = DowngradeBenchmark.FindSaga();
        var random = new Random(options.Seed);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"chaos: {options.Trials} trial(s), 1 control + {options.ComputeNodes} compute nodes, package delay 1 s, parallel {options.Parallel}, canary {options.Canary}, " +
            $"up to {options.FaultsPerTrial} fault(s) per trial, seed {options.Seed}; PostgreSQL on 127.0.0.1:{options.PostgresPort}, RabbitMQ on 127.0.0.1:{options.BrokerPort}"));
        var results = new List<TrialResult>();
        // SIGINT or SIGTERM: the trial under way finishes (its lab and processes go down), then the totals so far
        var stopping = false;
        void Stop(PosixSignalContext signal)
        {
            signal.Cancel = true;
            stopping = true;
            Console.WriteLine("chaos: stopping after this trial");
        }

        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        await using (var services = await ChaosServices.StartAsync(options))
        {
            for (var trial = 1; trial <= options.Trials && !stopping; trial++)
            {
                TrialResult result;
                try
                {
                    result = await ChaosTrial.RunAsync(trial, options, services, saga, random);
                }
                catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
                {
                    // the trial could not go on (a saga process exited by itself, the run never ended): it counts as not verified, the next one starts
                    result = TrialResult.Broken(trial, ex.Message.ReplaceLineEndings(" "));
                }

                results.Add(result);
                Print(result);
            }
        }

        PrintTotals(results);
        return 0;
    }

    private static void Print(TrialResult r)
    {
        var verdict = r.Verified ? "verified" : "NOT VERIFIED";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"trial {r.Trial,2}: {r.Duration.TotalSeconds,5:F0} s, {r.Status?.ToString() ?? "unseen"}, {verdict}, repeated mutating operations: {r.Repeated}"));
        Console.WriteLine($"          faults: {(r.Faults.Count == 0 ? "none landed (the run ended first)" : string.Join("; ", r.Faults))}");
        Console.WriteLine($"          operator: {(r.Actions.Count == 0 ? "nothing to do" : string.Join("; ", r.Actions))}");
        foreach (var fault in r.RunFaults)
            Console.WriteLine($"          run faulted: {fault}");
        if (r.NotVerified is { } why)
            Console.WriteLine($"          not verified: {why}");
        foreach (var repeat in r.Repeats)
            Console.WriteLine($"          repeated: {repeat}");
        if (!r.Verified || r.Repeated > 0)
            Console.WriteLine($"          logs: {r.Logs}");
    }

    private static void PrintTotals(List<TrialResult> results)
    {
        var faults = results.SelectMany(r => r.Faults).GroupBy(f => f.Kind).OrderBy(g => g.Key).Select(g => $"{Fault.Describe(g.Key)} {g.Count()}");
        var actions = results.SelectMany(r => r.Actions).ToList();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"totals: {results.Count(r => r.Verified)} of {results.Count} trials verified; {results.Count(r => r.Repeated == 0)} of {results.Count} with no mutating operation repeated " +
            $"({results.Sum(r => r.Repeated)} repeats in all); target: {results.Count} of {results.Count} and 0"));
        Console.WriteLine($"        faults: {results.Sum(r => r.Faults.Count)} ({string.Join(", ", faults)}); runs that faulted: {results.Count(r => r.RunFaults.Count > 0)}");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"        operator: {actions.Count(a => a.Contains(" approve", StringComparison.Ordinal))} approvals, {actions.Count(a => a.Contains(" resume", StringComparison.Ordinal))} resumes; " +
            $"trial time median {Median(results.Select(r => r.Duration.TotalSeconds)):F0} s, longest {results.Max(r => r.Duration.TotalSeconds):F0} s"));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
