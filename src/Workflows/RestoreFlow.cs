using Saga.Activities.Steps.Restore;
using Saga.Engine.Definitions;

namespace Saga.Workflows;

/// <summary>
/// <c>calico-restore</c>: the compensation of a downgrade run, one instance per restore (<c>saga restore ID</c>). The
/// etcdv3 data the run deleted goes back first (a whole-cluster restore), then the nodes (a child per node, control
/// nodes last), then the Ready flag to its value before the run (a whole-cluster restore).
/// </summary>
public static class RestoreFlow
{
    public const string DefinitionId = "calico-restore";

    public static WorkflowDefinition Build() =>
        new FlowBuilder(DefinitionId, "Calico restore: back to 3.1", "Undoes what a downgrade run did: the etcdv3 data, each node as preflight found it, the Ready flag.")
            .Then<RestoreEtcdV3Data>("restore-etcdv3", "Put the etcdv3 data back")
            .Then<RestoreNodes>("restore-nodes", "Restore the nodes (control nodes last)")
            .Then<RestoreReadyFlag>("restore-ready-flag", "/calico/v1/Ready back to its value before")
            .Build();
}
