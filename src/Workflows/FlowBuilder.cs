using Saga.Engine.Activities;
using Saga.Engine.Definitions;
using Saga.Engine.Expressions;

namespace Saga.Workflows;

/// <summary>Writes a flow as an Elsa 2 definition: a chain of steps joined by their outcomes.</summary>
internal sealed class FlowBuilder
{
    private readonly WorkflowDefinition definition;
    private string? last;
    private string[] lastOutcomes = [];

    public FlowBuilder(string definitionId, string displayName, string description)
    {
        definition = new WorkflowDefinition
        {
            DefinitionId = definitionId,
            Name = definitionId,
            DisplayName = displayName,
            Description = description,
            PersistenceBehavior = "ActivityExecuted",
            Variables = "{}",
            CustomAttributes = "{}",
        };
    }

    /// <summary>Adds a step and joins the previous one to it by the previous step's continuing outcomes.</summary>
    public FlowBuilder Then<TActivity>(string activityId, string? displayName = null, params (string Name, string Value)[] inputs)
        where TActivity : IActivity
    {
        var type = typeof(TActivity).Name;
        definition.Activities.Add(new ActivityDefinition
        {
            ActivityId = activityId,
            Type = type,
            Name = activityId,
            DisplayName = displayName,
            Properties = inputs.Select(i => new ActivityDefinitionProperty { Name = i.Name, Expressions = { [Syntaxes.Literal] = i.Value } }).ToList(),
            PropertyStorageProviders = [],
        });
        foreach (var outcome in lastOutcomes)
            definition.Connections.Add(new ConnectionDefinition { SourceActivityId = last!, Outcome = outcome, TargetActivityId = activityId });
        last = activityId;
        lastOutcomes = [ActivityResult.Done];
        return this;
    }

    public WorkflowDefinition Build() => definition;
}
