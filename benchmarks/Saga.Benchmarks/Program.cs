using Saga.Benchmarks;

// Prints figures; asserts nothing. Usage: Saga.Benchmarks engine | list-memory STORE
return args switch
{
    ["engine"] or [] => await EngineBenchmark.RunAsync(),
    ["list-memory", var store] => await EngineBenchmark.ListSuspendedAsync(store),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: Saga.Benchmarks [engine]");
    return 2;
}
