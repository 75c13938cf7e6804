using System.CommandLine;
using Saga.Activities.Inventory;

namespace Saga.Host.Cli;

/// <summary>The options run and plan share: the inventory and the fan-out overrides.</summary>
internal sealed class InventoryOptions
{
    public Option<FileInfo> Inventory { get; } = new("--inventory", "-i") { Description = "The cluster's inventory (YAML; see examples/cluster.yaml).", Required = true };

    public Option<int?> Parallel { get; } = new("--parallel") { Description = "Compute nodes at a time (overrides fanOut.parallel)." };

    public Option<int?> Canary { get; } = new("--canary") { Description = "Compute nodes done first, alone (overrides fanOut.canary)." };

    public Option<int?> MaxFailures { get; } = new("--max-failures") { Description = "Failed nodes tolerated before no new node starts (overrides fanOut.maxFailures)." };

    /// <summary>Start although another run that has not ended works on nodes of this cluster (run and trigger start only).</summary>
    public Option<bool> Force { get; } = new("--force")
    {
        Description = "Start although a run on nodes of this cluster (same host and port) has not ended (running, waiting, faulted or interrupted); journalled.",
    };

    public void AddTo(Command command)
    {
        command.Add(Inventory);
        command.Add(Parallel);
        command.Add(Canary);
        command.Add(MaxFailures);
    }

    public ClusterInventory Load(ParseResult parse)
    {
        var inventory = InventoryLoader.Load(parse.GetRequiredValue(Inventory).FullName);
        foreach (var warning in inventory.Warnings)
            Console.Error.WriteLine($"saga: warning: {warning}");
        var fanOut = inventory.FanOut.With(parse.GetValue(Parallel), parse.GetValue(Canary), parse.GetValue(MaxFailures));
        return inventory with { FanOut = fanOut };
    }
}
