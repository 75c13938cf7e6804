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
        var fanOut = inventory.FanOut;
        if (parse.GetValue(Parallel) is { } parallel)
            fanOut = fanOut with { Parallel = parallel >= 1 ? parallel : throw new InventoryException("--parallel must be at least 1") };
        if (parse.GetValue(Canary) is { } canary)
            fanOut = fanOut with { Canary = canary >= 0 ? canary : throw new InventoryException("--canary cannot be negative") };
        if (parse.GetValue(MaxFailures) is { } maxFailures)
            fanOut = fanOut with { MaxFailures = maxFailures >= 0 ? maxFailures : throw new InventoryException("--max-failures cannot be negative") };
        return inventory with { FanOut = fanOut };
    }
}
