using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Cluster;

/// <summary>Which of the inventory's <c>gates:</c> an <see cref="AskApproval"/> stands for.</summary>
public enum ApprovalGate
{
    /// <summary><c>gates.afterCanary</c> (default false): after the canary compute nodes.</summary>
    AfterCanary,

    /// <summary><c>gates.beforeEtcdDelete</c> (default true): after the dump, before the etcdv3 delete.</summary>
    BeforeEtcdDelete,
}

/// <summary>Whether the run waits on an Approval here: the inventory's gates decide, and the approval's prompt is prepared.</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Ask for approval?",
    Description = "Reads the inventory's gates: { afterCanary, beforeEtcdDelete } (defaults false and true). Ask leads to an Approval " +
                  "(saga approve ID), whose prompt says what was done (the canary nodes) or what the delete removes (key count, the dump's " +
                  "path and sha256); Skip goes on without one, journalled with the reason.",
    Outcomes = [Ask, Skip])]
public sealed class AskApproval : IActivity
{
    public const string Ask = nameof(Ask);
    public const string Skip = nameof(Skip);

    [ActivityInput(Hint = "AfterCanary: gates.afterCanary; BeforeEtcdDelete: gates.beforeEtcdDelete.", DefaultValue = ApprovalGate.BeforeEtcdDelete)]
    public ApprovalGate Gate { get; set; } = ApprovalGate.BeforeEtcdDelete;

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var inventory = context.GetInventory();
        return ValueTask.FromResult(Gate == ApprovalGate.AfterCanary ? AfterCanary(context, inventory) : BeforeEtcdDelete(context, inventory));
    }

    private static ActivityResult AfterCanary(ActivityContext context, ClusterInventory inventory)
    {
        var compute = inventory.ComputeNodes.ToList();
        var canary = compute.Take(inventory.FanOut.Canary).Select(n => n.Name).ToList();
        if (!inventory.Gates.AfterCanary)
            return ActivityResult.Outcome(Skip, "gates.afterCanary is false: the remaining compute nodes follow without an approval.");
        if (canary.Count == 0 || canary.Count == compute.Count)
            return ActivityResult.Outcome(Skip, $"gates.afterCanary is true, but there are {(canary.Count == 0 ? "no canary nodes" : "no compute nodes after the canaries")}: nothing to approve.");
        var prompt = $"The canary compute node(s) {string.Join(", ", canary)} are downgraded and verified. Go on with the other {compute.Count - canary.Count}?";
        context.SetVariable(DowngradeVariables.CanaryPrompt, prompt);
        return ActivityResult.Outcome(Ask, prompt);
    }

    private static ActivityResult BeforeEtcdDelete(ActivityContext context, ClusterInventory inventory)
    {
        if (inventory.Skips(SkipStep.EtcdCleanup))
            return ActivityResult.Outcome(Skip, Skipping.Text(SkipStep.EtcdCleanup, "there is no delete to approve"));
        var dump = context.GetVariable<EtcdV3Dump>(DowngradeVariables.EtcdV3Dump);
        if (dump is { Keys: 0 })
            return ActivityResult.Outcome(Skip, "etcdv3 holds no keys under /calico/: nothing to delete, nothing to approve.");
        var prompt = context.GetVariable<string>(DowngradeVariables.EtcdV3DeletePrompt) ?? "Delete the migrated Calico data from etcdv3? (no dump was taken)";
        return inventory.Gates.BeforeEtcdDelete
            ? ActivityResult.Outcome(Ask, prompt)
            : ActivityResult.Outcome(Skip, $"gates.beforeEtcdDelete is false: the delete goes on without an approval. {prompt}");
    }
}
