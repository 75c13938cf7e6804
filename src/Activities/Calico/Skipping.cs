using Saga.Activities.Inventory;
using Saga.Engine.Activities;

namespace Saga.Activities.Calico;

/// <summary>A step the inventory's <c>skip:</c> leaves out completes at once, journalled as skipped with the reason.</summary>
public static class Skipping
{
    /// <summary>The result of a skipped step, or null when the inventory does not skip <paramref name="step"/>.</summary>
    /// <param name="inventory">The run's inventory.</param>
    /// <param name="step">The step the inventory may skip.</param>
    /// <param name="consequence">What is left undone, for the journal: "/calico/v1/Ready is neither read nor set".</param>
    public static ActivityResult? Check(ClusterInventory inventory, SkipStep step, string consequence) =>
        inventory.Skips(step) ? ActivityResult.Completed(Text(step, consequence)) : null;

    /// <summary>The etcd clusters a step needs when the inventory does not skip it (the loader requires the section then).</summary>
    public static EtcdSettings Etcd(ClusterInventory inventory, SkipStep step) =>
        inventory.Etcd ?? throw new InvalidOperationException($"the inventory has no etcd section; the loader requires one unless skip: [{Name(step)}] is given");

    public static string Text(SkipStep step, string consequence) => $"Skipped: the inventory says skip: [{Name(step)}]; {consequence}.";

    /// <summary>The name as the inventory writes it: etcdCleanup, readyFlag, calicoctl.</summary>
    public static string Name(SkipStep step) => char.ToLowerInvariant(step.ToString()[0]) + step.ToString()[1..];
}
