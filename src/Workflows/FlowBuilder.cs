using Saga.Engine.Activities;
using Saga.Engine.Definitions;
using Saga.Engine.Expressions;

namespace Saga.Workflows;

/// <summary>Writes a flow as an Elsa 2 definition: a chain of steps joined by their outcomes.</summary>
internal sealed class FlowBuilder
{
    private readonly WorkflowDefinition definition;
    private readonly List<(string Source, string Outcome)> alsoFrom = [];
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

    /// <summary>
    /// Adds a step and joins the previous one to it by the previous step's continuing outcomes (<see cref="ActivityResult.Done"/>
    /// unless <see cref="On"/> said otherwise), and any source <see cref="AlsoFrom"/> named.
    /// </summary>
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
            Connect(last!, outcome, activityId);
        foreach (var (source, outcome) in alsoFrom)
            Connect(source, outcome, activityId);
        alsoFrom.Clear();
        last = activityId;
        lastOutcomes = [ActivityResult.Done];
        return this;
    }

    /// <summary>The last step continues to the next one by these outcomes (its others lead elsewhere, or end the flow).</summary>
    public FlowBuilder On(params string[] outcomes)
    {
        lastOutcomes = outcomes;
        return this;
    }

    /// <summary>The next step is also reached from <paramref name="source"/> by <paramref name="outcome"/> (a branch that skips a step).</summary>
    public FlowBuilder AlsoFrom(string source, string outcome)
    {
        alsoFrom.Add((source, outcome));
        return this;
    }

    /// <summary>Joins <paramref name="source"/> to <paramref name="target"/> by <paramref name="outcome"/> (a loop back, say).</summary>
    public FlowBuilder Connect(string source, string outcome, string target)
    {
        definition.Connections.Add(new ConnectionDefinition { SourceActivityId = source, Outcome = outcome, TargetActivityId = target });
        return this;
    }

    /// <summary>The last step's input <paramref name="input"/> reads the workflow variable <paramref name="variable"/> when it runs.</summary>
    public FlowBuilder WithVariableInput(string input, string variable)
    {
        definition.Activities[^1].Properties.Add(new ActivityDefinitionProperty { Name = input, Syntax = Syntaxes.Variable, Expressions = { [Syntaxes.Variable] = variable } });
        return this;
    }

    public WorkflowDefinition Build() => definition;
}
