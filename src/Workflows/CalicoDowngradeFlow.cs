using Saga.Activities.Inventory;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Steps.Control;
using Saga.Engine.Definitions;

namespace Saga.Workflows;

/// <summary>
/// <c>calico-downgrade</c>: one instance per cluster run. After preflight, <c>/calico/v1/Ready</c> goes back to true
/// before any package changes anywhere: Felix 2.6 does not get past its start while the flag is false (felix.go,
/// 2.6.5: "Global datastore 'Ready' flag set to false, waiting..."), and nothing of 3.1 reads that v2 key. Then the
/// runbook's order: calicoctl, repositories, caches, the version set, control nodes, then the compute nodes (canaries
/// first), then the cluster-wide finale once every compute node is verified.
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
            .Then<DowngradeControlPackages>("downgrade-control", "3.1 Downgrade control packages")
            .Then<RestartNeutronServer>("restart-neutron", "3.2 Restart neutron-server")
            .Then<VerifyNoSourceOffers31>("check-sources-control", "Check no source offers 3.1 (control nodes)", ("Role", nameof(NodeRole.Control)))
            .Then<DowngradeComputeNodes>("compute-canary", "4. Compute nodes: canary", ("Selection", nameof(ComputeSelection.Canary)))
            .Then<DowngradeComputeNodes>("compute-rest", "4. Compute nodes: the rest", ("Selection", nameof(ComputeSelection.Remaining)))
            .Then<GateComputeNodesVerified>("gate-compute", "Gate: every compute node verified")
            .Then<DeleteMigratedEtcdV3Data>("delete-etcdv3", "Delete the migrated etcdv3 data")
            .Build();
}
