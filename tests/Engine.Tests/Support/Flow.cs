using Saga.Engine.Activities;
using Saga.Engine.Definitions;
using Saga.Engine.Expressions;

namespace Saga.Engine.Tests.Support;

/// <summary>Builds definitions for tests: activities in a chain joined by Done unless told otherwise.</summary>
internal sealed class Flow
{
    private readonly WorkflowDefinition definition;
    private string? last;

    private Flow(string definitionId) => definition = new WorkflowDefinition { DefinitionId = definitionId, Name = definitionId };

    public static Flow Named(string definitionId) => new(definitionId);

    /// <summary>Adds an activity with literal inputs and joins the previous one to it by Done.</summary>
    public Flow Then(string activityId, string type, params (string Name, string Value)[] literals)
    {
        var previous = last;
        Add(activityId, type, literals);
        if (previous is not null)
            Connect(previous, ActivityResult.Done, activityId);
        return this;
    }

    /// <summary>Adds an activity without joining it.</summary>
    public Flow Add(string activityId, string type, params (string Name, string Value)[] literals)
    {
        definition.Activities.Add(new ActivityDefinition
        {
            ActivityId = activityId,
            Type = type,
            Properties = literals.Select(l => new ActivityDefinitionProperty { Name = l.Name, Expressions = { [Syntaxes.Literal] = l.Value } }).ToList(),
        });
        last = activityId;
        return this;
    }

    public Flow Input(string activityId, string name, string syntax, string text)
    {
        definition.Activities.Single(a => a.ActivityId == activityId).Properties
            .Add(new ActivityDefinitionProperty { Name = name, Syntax = syntax, Expressions = { [syntax] = text } });
        return this;
    }

    public Flow Connect(string source, string outcome, string target)
    {
        definition.Connections.Add(new ConnectionDefinition { SourceActivityId = source, Outcome = outcome, TargetActivityId = target });
        return this;
    }

    public Flow Variables(string json)
    {
        definition.Variables = json;
        return this;
    }

    public WorkflowDefinition Build() => definition;
}
