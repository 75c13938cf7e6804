using Saga.Engine.Definitions;

namespace Saga.Engine.Runtime;

/// <summary>A definition version prepared for running: activities by id and where each outcome leads.</summary>
internal sealed class Blueprint
{
    private readonly Dictionary<string, ActivityDefinition> activities;
    private readonly Dictionary<(string Source, string Outcome), string> next;

    public Blueprint(WorkflowDefinition definition)
    {
        Definition = definition;
        activities = definition.Activities.ToDictionary(a => a.ActivityId, StringComparer.Ordinal);
        next = [];
        foreach (var c in definition.Connections)
            next.TryAdd((c.SourceActivityId, c.Outcome), c.TargetActivityId);
        StartActivityId = DefinitionValidator.StartActivities(definition) is [var start, ..] ? start.ActivityId : null;
    }

    public WorkflowDefinition Definition { get; }

    public string? StartActivityId { get; }

    public ActivityDefinition? Find(string activityId) => activities.GetValueOrDefault(activityId);

    /// <summary>The activity the outcome leads to, or null when the flow ends there.</summary>
    public string? Next(string activityId, string outcome) => next.GetValueOrDefault((activityId, outcome));
}
