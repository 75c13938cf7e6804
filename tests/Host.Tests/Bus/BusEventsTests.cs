using Saga.Activities.Steps.Cluster;
using Saga.Contracts;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Host.Messaging;

namespace Saga.Host.Tests.Bus;

public sealed class BusEventsTests
{
    private static readonly DateTime At = new(2026, 11, 29, 6, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_downgrade_created_step_completed_waiting_finished_and_faulted_become_its_events()
    {
        Assert.Equal(new DowngradeStarted("p", "lab", At), BusEvents.ToEvent(Change(WorkflowChangeKind.Created)));
        Assert.Equal(new DowngradeStepCompleted("p", "preflight", "Preflight", "Done", "ok", At),
            BusEvents.ToEvent(Change(WorkflowChangeKind.ActivityCompleted) with { ActivityId = "preflight", ActivityType = "Preflight", Outcome = "Done", Message = "ok" }));
        Assert.Equal(new DowngradeWaiting("p", "gate", "Approval", At), BusEvents.ToEvent(Change(WorkflowChangeKind.Suspended) with { ActivityId = "gate", Outcome = "Approval" }));
        Assert.Equal(new DowngradeFinished("p", At), BusEvents.ToEvent(Change(WorkflowChangeKind.Finished)));
        Assert.Equal(new DowngradeFaulted("p", "gate", "boom", At), BusEvents.ToEvent(Change(WorkflowChangeKind.Faulted) with { ActivityId = "gate", Message = "boom" }));
    }

    [Fact]
    public void A_compute_node_finishing_or_faulting_is_reported_under_its_downgrade_and_its_steps_are_not()
    {
        var node = Change(WorkflowChangeKind.Finished) with { InstanceId = "n", ParentInstanceId = "p", Name = "c1", DefinitionId = DowngradeComputeNodes.ChildDefinitionId };

        Assert.Equal(new DowngradeNodeFinished("p", "n", "c1", At), BusEvents.ToEvent(node));
        Assert.Equal(new DowngradeNodeFaulted("p", "n", "c1", "verify-felix", "felix is 3.1", At),
            BusEvents.ToEvent(node with { Kind = WorkflowChangeKind.Faulted, ActivityId = "verify-felix", Message = "felix is 3.1" }));
        Assert.Null(BusEvents.ToEvent(node with { Kind = WorkflowChangeKind.ActivityCompleted }));
        Assert.Null(BusEvents.ToEvent(node with { DefinitionId = "some-other-child" }));
    }

    [Fact]
    public void A_restored_node_finishing_or_faulting_is_reported_under_its_restore()
    {
        var node = Change(WorkflowChangeKind.Finished) with { InstanceId = "n", ParentInstanceId = "r", Name = "c1", DefinitionId = Saga.Workflows.RestoreNodeFlow.DefinitionId };

        Assert.Equal(new DowngradeNodeFinished("r", "n", "c1", At), BusEvents.ToEvent(node));
        Assert.Equal(new DowngradeNodeFaulted("r", "n", "c1", "verify-restored", "felix is 2.6", At),
            BusEvents.ToEvent(node with { Kind = WorkflowChangeKind.Faulted, ActivityId = "verify-restored", Message = "felix is 2.6" }));
    }

    private static WorkflowChange Change(WorkflowChangeKind kind) =>
        new(kind, "p", "calico-downgrade", null, "lab", null, null, null, null, InstanceStatus.Running, At);
}
