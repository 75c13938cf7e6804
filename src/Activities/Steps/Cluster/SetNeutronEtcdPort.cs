using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Cluster;

/// <summary>neutron.conf [calico] etcd_port written when it was unset and the inventory says which port, before the service restarts.</summary>
[Activity(Category = Runbook.CategoryCluster, DisplayName = "Set etcd_port in neutron.conf",
    Description = "networking-calico 1.4.3 reads [calico] etcd_port with a default of 4001 where 3.1 used 2379 (neutron-server on control nodes, " +
                  "calico-dhcp-agent on compute nodes). Where it is unset and the inventory says neutron: { etcdPort: N }, 'etcd_port = N' is " +
                  "written into [calico] after a backup, every other byte kept; neutron: { acceptDefaultPort: true } leaves it unset. In the " +
                  "cluster's flow: the control nodes; in a compute node's flow: that node (a control+compute node is done there).")]
public sealed class SetNeutronEtcdPort(INodeShell shell, ILogger<SetNeutronEtcdPort> logger) : IActivity
{
    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var nodes = context.NodesHere();
        if (nodes.Count == 0)
            return ActivityResult.Completed("No node here runs networking-calico from neutron.conf.");
        return await NodeWork.ForEachAsync("neutron.conf [calico] etcd_port (1.4.3 defaults to 4001)", nodes, context.GetInventory().FanOut.Parallel, logger, async (node, transcript, ct) =>
        {
            var content = await shell.ReadFileAsync(node, NeutronConfig.Path, ct);
            if (content is null)
                return NodeOutcome.Skipped($"{NeutronConfig.Path} not present: nothing to set");
            if (NeutronConfig.EtcdPort(content) is { } port)
                return NodeOutcome.AlreadyDone($"etcd_port = {port}");
            if (node.Neutron.EtcdPort is not { } wanted)
            {
                return node.Neutron.AcceptDefaultPort
                    ? NodeOutcome.Skipped($"etcd_port stays unset: networking-calico 1.4.3 uses {NeutronConfig.DefaultPort} (neutron.acceptDefaultPort: true)")
                    : throw new NodeException(node.Name, $"{NeutronConfig.Path} [calico] leaves etcd_port unset and the inventory's neutron: says neither etcdPort nor acceptDefaultPort", retryable: false);
            }

            await NodeBackup.SaveAsync(shell, node, context, transcript, [NeutronConfig.Path], ct);
            await shell.WriteFileAsync(node, NeutronConfig.Path, NeutronConfig.WithEtcdPort(content, wanted), ct);
            transcript.Note($"{NeutronConfig.Path} [calico]: etcd_port = {wanted} written (was unset)");
            return NodeOutcome.Done($"etcd_port = {wanted} written");
        }, cancellationToken);
    }
}
