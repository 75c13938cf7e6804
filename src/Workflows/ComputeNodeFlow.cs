using Saga.Activities.Steps.Cluster;
using Saga.Activities.Steps.Compute;
using Saga.Engine.Definitions;

namespace Saga.Workflows;

/// <summary><c>calico-downgrade-compute-node</c>: one child instance per compute node, with its own checkpoints.</summary>
public static class ComputeNodeFlow
{
    public const string DefinitionId = DowngradeComputeNodes.ChildDefinitionId;

    public static WorkflowDefinition Build() =>
        new FlowBuilder(DefinitionId, "Calico downgrade: one compute node", "Runbook step 4 on one compute node.")
            .Then<ProbeComputeNode>("probe", "Probe the node")
            .Then<RemoveDatastoreTypeLine>("remove-datastore-type", "4.1 Remove DatastoreType = etcdv3")
            .Then<SetFelixEtcdEndpoints>("set-etcd-endpoints", "4.1 Set EtcdEndpoints")
            .Then<DowngradeComputePackages>("downgrade-packages", "4.2 Downgrade compute packages")
            .Then<RestartFelix>("restart-felix", "Restart felix")
            .Then<RestartDhcpAgentAfterDnsmasq>("restart-dhcp-agent", "Restart the DHCP agent after dnsmasq")
            .Then<VerifyFelixVersion>("verify-felix", "4.3 Verify felix is 2.6 and runs")
            .Then<VerifyNoSourceOffers31>("check-sources", "Check no source offers 3.1")
            .Build();
}
