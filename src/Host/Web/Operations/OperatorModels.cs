using System.Text.Json.Nodes;
using Saga.Activities.Calico;
using Saga.Engine.Activities;
using Saga.Engine.Definitions;
using Saga.Engine.Instances;
using Saga.Host.Web.Elsa;
using Saga.Workflows;

namespace Saga.Host.Web.Operations;

/// <summary>
/// Body of <c>POST /api/runs</c>: a published definition, an inventory file on this host, and/or variables. <see cref="Force"/>
/// starts a run although one whose nodes overlap has not ended (otherwise 409, naming it).
/// </summary>
internal sealed record StartRun(string? DefinitionId, string? InventoryPath = null, JsonObject? Variables = null, string? Name = null, bool Force = false)
{
    /// <summary>What is missing or not allowed, by field name; empty when the run can be started. No <paramref name="reserved"/> variable may be given.</summary>
    public Dictionary<string, string[]> Errors(ReservedVariables reserved)
    {
        ArgumentNullException.ThrowIfNull(reserved);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(DefinitionId))
            errors["definitionId"] = ["Required: the id of a published definition, e.g. calico-downgrade."];
        foreach (var name in reserved.Among(Variables?.Select(v => v.Key) ?? []))
        {
            errors["variables." + name] =
            [
                name.Equals(DowngradeVariables.Inventory, StringComparison.OrdinalIgnoreCase)
                    ? "The inventory is given only as inventoryPath, a file on this host that the inventory loader checks."
                    : name.Equals(DowngradeVariables.ForcedOver, StringComparison.OrdinalIgnoreCase)
                        ? "Set by the host when force is true; not a variable to give."
                        : ReservedVariables.Refusal(name, "a start request"),
            ];
        }

        return errors;
    }
}

/// <summary>Body of <c>POST /api/instances/{id}/approval</c>; <see cref="Approved"/> is required, so a typo is not taken for a rejection.</summary>
internal sealed record ApprovalDecision(bool? Approved, string? Comment = null, string? By = null)
{
    /// <summary>What is missing, by field name; empty when the decision can be taken.</summary>
    public Dictionary<string, string[]> Errors() =>
        Approved is null ? new(StringComparer.Ordinal) { ["approved"] = ["Required: true approves, false rejects."] } : new(StringComparer.Ordinal);
}

/// <summary>An instance as the operations page shows it: where it stands, what it waits on, what can be done.</summary>
internal sealed record OperatorRun(
    string Id, string DefinitionId, int Version, string? Name, string Status, string State, string? ActivityId, string? WaitingOn, bool CanResume,
    string? Fault, string? Note, string CreatedAt, string? LastExecutedAt, string? FinishedAt, IReadOnlyDictionary<string, int> Nodes)
{
    /// <param name="i">The run.</param>
    /// <param name="now">The time that decides whether a running instance was interrupted.</param>
    /// <param name="nodes">How many of its child instances are in each status; null when it has none.</param>
    public static OperatorRun From(InstanceSummary i, DateTime now, IReadOnlyDictionary<InstanceStatus, int>? nodes)
    {
        var interrupted = i.IsInterruptedAt(now);
        var waitingOn = i.Status == InstanceStatus.Suspended ? i.BookmarkName : null;
        var canResume = i.Status == InstanceStatus.Faulted || interrupted;
        var note = i.Status switch
        {
            InstanceStatus.Faulted => $"Faulted at {i.FaultActivityId}: {i.FaultMessage}. Fix the cause, then Resume: the failed step runs again and checks before it acts.",
            InstanceStatus.Suspended when i.BookmarkResumesOnRun => $"Waiting for its {i.BookmarkName} to finish.",
            InstanceStatus.Suspended => $"Waiting at {i.CurrentActivityId} for {i.BookmarkName}.",
            InstanceStatus.Running when interrupted => "Its runner stopped; Resume continues it.",
            InstanceStatus.Running => $"Running {i.CurrentActivityId}.",
            _ => null,
        };
        return new OperatorRun(
            i.Id, i.DefinitionId, i.DefinitionVersion, i.Name, i.Status.ToString(), interrupted ? "Interrupted" : i.Status.ToString(), i.FaultActivityId ?? i.CurrentActivityId,
            waitingOn, canResume, i.FaultMessage, note, ElsaJson.Time(i.CreatedAt), ElsaJson.Time(i.LastExecutedAt), ElsaJson.Time(i.FinishedAt),
            (nodes ?? new Dictionary<InstanceStatus, int>()).ToDictionary(n => n.Key.ToString(), n => n.Value, StringComparer.Ordinal));
    }
}

/// <summary>One compute node of a run: its child instance.</summary>
internal sealed record OperatorNode(string Name, string Id, string Status, string State, string? ActivityId, string? Fault)
{
    public static OperatorNode From(InstanceSummary c, DateTime now) =>
        new(c.Name ?? c.Id, c.Id, c.Status.ToString(), c.IsInterruptedAt(now) ? "Interrupted" : c.Status.ToString(), c.FaultActivityId ?? c.CurrentActivityId, c.FaultMessage);
}

/// <summary>One journal entry for the operations page, with what it did on each node (<c>{node, result, reason}</c>).</summary>
internal sealed record OperatorStep(
    string ActivityId, string ActivityType, string EventName, string StartedAt, string EndedAt, string? Outcome, string? Error, IReadOnlyList<NodeResult> Nodes)
{
    public static OperatorStep From(JournalEntry j) =>
        new(j.ActivityId, j.ActivityType, j.EventName, ElsaJson.Time(j.StartedAt), ElsaJson.Time(j.EndedAt), j.Outcome, j.Error, j.Nodes);
}

/// <summary><c>GET /api/instances/{id}</c>: the run as the list shows it, its nodes and its journal.</summary>
internal sealed record OperatorRunDetails(OperatorRun Run, IReadOnlyList<OperatorNode> Nodes, IReadOnlyList<OperatorStep> Journal);

/// <summary>The answer to a cancel: where the instance stands, and in words what the cancel did.</summary>
internal sealed record CancelAnswer(string InstanceId, string Status, string? ActivityId, string Message)
{
    public static CancelAnswer From(Engine.Runtime.RunOutcome outcome) =>
        new(outcome.InstanceId, outcome.Status.ToString(), outcome.ActivityId, outcome.Describe());
}

/// <summary>Body of <c>POST /api/instances/{id}/restore</c>: <see cref="Nodes"/> by name or <see cref="All"/>, exactly one; <see cref="PlanOnly"/> shows the plan and changes nothing.</summary>
internal sealed record RestoreRequest(IReadOnlyList<string>? Nodes = null, bool All = false, bool PlanOnly = false);

/// <summary>A restore's plan: the run, the nodes in the order they go back, and what each step does on each node.</summary>
internal sealed record RestorePlanAnswer(string RunId, string? RunName, IReadOnlyList<string> Nodes, IReadOnlyList<PlannedStep> Steps)
{
    public static RestorePlanAnswer From(RestorePlan plan) => new(plan.RunId, plan.RunName, plan.Nodes.Select(n => n.Name).ToList(), plan.Steps());
}

/// <summary>A started restore: its instance (follow it as any instance), and its plan (none when a retried request found it started).</summary>
internal sealed record RestoreAnswer(string Id, RestorePlanAnswer? Plan);
