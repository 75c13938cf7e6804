using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Steps.Control;
using Saga.Engine.Activities;
using Saga.Engine.Definitions;

namespace Saga.Workflows;

/// <summary>
/// <c>calico-downgrade</c>: one instance per cluster run. After preflight, <c>/calico/v1/Ready</c> goes back to true
/// before any package changes anywhere: Felix 2.6 does not get past its start while the flag is false (felix.go,
/// 2.6.5: "Global datastore 'Ready' flag set to false, waiting..."), and nothing of 3.1 reads that v2 key. Then the
/// runbook's order: calicoctl, repositories, caches, the version set, control nodes, the compute nodes (canaries
/// first, an approval after them if the gates say so), and the cluster-wide finale once every node is verified live:
/// the etcdv3 dump, an approval, the delete.
/// </summary>
public static class CalicoDowngradeFlow
{
    public const string DefinitionId = "calico-downgrade";

    public static WorkflowDefinition Build() =>
        new FlowBuilder(DefinitionId, "Calico 3.1 → 2.6 downgrade", "Puts every control and compute node of an OpenStack cluster back from Calico 3.1 to 2.6.")
            .Then<Preflight>("preflight", "Preflight: reach every node, back up")
            .Then<ResetCalicoReadyFlag>("ready-flag", "/calico/v1/Ready back to true")
            .Then<InstallPreviousCalicoctl>("install-calicoctl", "1. Install calicoctl v1.6")
            .Then<PointPackageRepositoryAt26>("point-repo", "2. Point the repo at 2.6")
            .Then<CleanPackageCache>("clean-cache", "3.1/4.2 Clean the package cache")
            .Then<ResolveVersionSet>("resolve-versions", "Resolve the 2.6 version set")
            .Then<SetNeutronEtcdPort>("neutron-etcd-port", "neutron.conf etcd_port")
            .Then<DowngradeControlPackages>("downgrade-control", "3.1 Downgrade control packages")
            .Then<RestartNeutronServer>("restart-neutron", "3.2 Restart neutron-server")
            .Then<VerifyNoSourceOffers31>("check-sources-control", "Check no source offers 3.1 (control nodes)", ("Role", nameof(NodeRole.Control)))
            .Then<DowngradeComputeNodes>("compute-canary", "4. Compute nodes: canary", ("Selection", nameof(ComputeSelection.Canary)))
            .Then<AskApproval>("ask-canary", "Approval after the canaries?", ("Gate", nameof(ApprovalGate.AfterCanary))).On(AskApproval.Ask)
            .Then<Approval>("approve-canary", "Approve the rest after the canaries").WithVariableInput(nameof(Approval.Prompt), DowngradeVariables.CanaryPrompt)
            .On(Approval.Approved).AlsoFrom("ask-canary", AskApproval.Skip)
            .Then<DowngradeComputeNodes>("compute-rest", "4. Compute nodes: the rest", ("Selection", nameof(ComputeSelection.Remaining)))
            .Then<GateComputeNodesVerified>("gate-compute", "Gate: every compute node verified")
            .Then<VerifyEveryNodeLive>("verify-live", "Every node probed live again")
            .Then<CheckEtcdV3Nodes>("etcdv3-nodes", "Every node etcdv3 knows is verified")
            .Then<DumpEtcdV3Data>("dump-etcdv3", "Dump the etcdv3 data")
            .Then<AskApproval>("ask-delete", "Approval before the delete?", ("Gate", nameof(ApprovalGate.BeforeEtcdDelete))).On(AskApproval.Ask)
            .Then<Approval>("approve-delete", "Approve the etcdv3 delete").WithVariableInput(nameof(Approval.Prompt), DowngradeVariables.EtcdV3DeletePrompt)
            .On(Approval.Approved).AlsoFrom("ask-delete", AskApproval.Skip)
            .Then<DeleteMigratedEtcdV3Data>("delete-etcdv3", "Delete the migrated etcdv3 data")
            .Connect("delete-etcdv3", DeleteMigratedEtcdV3Data.Stale, "dump-etcdv3")
            .Build();
}
