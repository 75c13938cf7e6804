using Saga.Benchmarks;

// Prints figures; asserts nothing. Usage: Saga.Benchmarks engine | nodes | downgrade (the last two need root: they start a lab)
return args switch
{
    ["engine"] or [] => await EngineBenchmark.RunAsync(),
    ["nodes"] => await NodesBenchmark.RunAsync(),
    ["downgrade"] => await DowngradeBenchmark.RunAsync(),
    ["list-memory", var store] => await EngineBenchmark.ListSuspendedAsync(store),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Saga.Benchmarks [engine | nodes | downgrade]");
    return 2;
}
