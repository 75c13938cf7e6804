using Saga.Activities.Steps.Cluster;
using Saga.Activities.Steps.Compute;
using Saga.Activities.Steps.Control;
using Saga.Engine.Definitions;

namespace Saga.Workflows;

/// <summary>
/// <c>calico-downgrade-compute-node</c>: one child instance per compute node, with its own checkpoints. A node that is a
/// control node too is done whole here: felix.cfg first, one package transaction for both roles, then neutron-server.
/// The node's repository switch and cache clean are here too (skipped when the cluster's flow did them for the version
/// resolution), so no compute node waits for the others' before its own work starts.
/// </summary>
public static class ComputeNodeFlow
{
    public const string DefinitionId = DowngradeComputeNodes.ChildDefinitionId;

    public static WorkflowDefinition Build() =>
        new FlowBuilder(DefinitionId, "Calico downgrade: one compute node", "Runbook step 4 on one compute node (and step 3 when it is a control node too).")
            .Then<ProbeComputeNode>("probe", "Probe the node")
            .Then<PointPackageRepositoryAt26>("point-repo", "2. Point the repo at 2.6")
            .Then<CleanPackageCache>("clean-cache", "4.2 Clean the package cache")
            .Then<RemoveDatastoreTypeLine>("remove-datastore-type", "4.1 Remove DatastoreType = etcdv3")
            .Then<SetFelixEtcdEndpoints>("set-etcd-endpoints", "4.1 Set EtcdEndpoints")
            .Then<SetNeutronEtcdPort>("neutron-etcd-port", "neutron.conf etcd_port")
            .Then<DowngradeComputePackages>("downgrade-packages", "4.2 Downgrade compute packages")
            .Then<RestartFelix>("restart-felix", "Restart felix")
            .Then<RestartDhcpAgentAfterDnsmasq>("restart-dhcp-agent", "Restart the DHCP agent after dnsmasq")
            .Then<RestartNeutronServer>("restart-neutron-server", "3.2 Restart neutron-server (control+compute node)")
            .Then<VerifyFelixVersion>("verify-felix", "4.3 Verify felix is 2.6 and runs")
            .Then<VerifyNoSourceOffers31>("check-sources", "Check no source offers 3.1")
            .Build();
}
