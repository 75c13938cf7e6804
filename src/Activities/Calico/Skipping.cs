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

    public static string Text(SkipStep step, string consequence) => $"Skipped: the inventory says skip: [{Name(step)}]; {consequence}.";

    /// <summary>The name as the inventory writes it: etcdCleanup, readyFlag, calicoctl.</summary>
    public static string Name(SkipStep step) => char.ToLowerInvariant(step.ToString()[0]) + step.ToString()[1..];
}
