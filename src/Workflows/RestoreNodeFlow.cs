using Saga.Activities.Steps.Restore;
using Saga.Engine.Definitions;

namespace Saga.Workflows;

/// <summary>
/// <c>calico-restore-node</c>: one node back to how preflight found it, the undo of the run's steps in reverse: the
/// package sources (and the cache), the packages in one transaction, the files byte for byte, the services, then a
/// check against the preflight record. Each step checks before it acts, so a resume repeats nothing done.
/// </summary>
public static class RestoreNodeFlow
{
    public const string DefinitionId = RestoreNodes.ChildDefinitionId;

    public static WorkflowDefinition Build() =>
        new FlowBuilder(DefinitionId, "Calico restore: one node", "Undoes a downgrade run on one node: sources, packages, files, services, then checks it against preflight's record.")
            .Then<RestorePackageSources>("restore-sources", "Restore the package sources, clean the cache")
            .Then<InstallRecordedVersions>("install-recorded-versions", "Install the versions recorded at preflight")
            .Then<RestoreNodeFiles>("restore-files", "Restore felix.cfg, neutron.conf, calicoctl")
            .Then<RestartRestoredServices>("restart-services", "Restart felix / the DHCP agent / neutron-server")
            .Then<VerifyNodeRestored>("verify-restored", "Verify the node is as before")
            .Build();
}
