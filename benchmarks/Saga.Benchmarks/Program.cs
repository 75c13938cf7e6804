using Saga.Benchmarks;
using Saga.Benchmarks.Chaos;

// Prints figures; asserts nothing. Usage: Saga.Benchmarks engine | nodes | downgrade | bus | chaos [...] | compare [...] (all but engine need root: they start a lab)
return args switch
{
    ["engine"] or [] => await EngineBenchmark.RunAsync(),
    ["nodes"] => await NodesBenchmark.RunAsync(),
    ["downgrade"] => await DowngradeBenchmark.RunAsync(),
    ["bus"] => await BusBenchmark.RunAsync(),
    ["chaos", .. var options] => await ChaosBenchmark.RunAsync(options),
    ["compare", .. var options] => await CompareBenchmark.RunAsync(options),
    ["list-memory", var store] => await EngineBenchmark.ListSuspendedAsync(store),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Saga.Benchmarks [engine | nodes | downgrade | bus | chaos [--trials N] [--nodes N] [--faults N] ... | compare [--nodes N] [--parallel P] [--delay S] [--subnet 127.0.N] [--only floor,canary0,defaults]]");
    return 2;
}
