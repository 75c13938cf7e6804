using System.Text.Json;
using Microsoft.Extensions.Options;
using Saga.Engine.Activities;
using Saga.Engine.Descriptors;
using Saga.Engine.Expressions;

namespace Saga.Engine.Definitions;

/// <summary>
/// Refuses definitions the runner could not run: unknown types, dangling connections, inputs of the wrong type.
/// A draft may still lack required values and a start; a published version may not. Neither may set a
/// <see cref="ReservedVariables">reserved variable</see>, in its own variables or with a Set variable activity.
/// </summary>
internal sealed class DefinitionValidator(ActivityRegistry registry, IOptions<ReservedVariables> reserved)
{
    public IReadOnlyList<DefinitionError> Validate(WorkflowDefinition definition, bool publishing)
    {
        var errors = new List<DefinitionError>();
        CheckVariables(definition, errors);

        var activities = new Dictionary<string, ActivityDefinition>(StringComparer.Ordinal);
        foreach (var activity in definition.Activities)
        {
            if (string.IsNullOrWhiteSpace(activity.ActivityId))
            {
                errors.Add(new("activity " + activity.Label, "has no activityId"));
                continue;
            }

            if (!activities.TryAdd(activity.ActivityId, activity))
                errors.Add(new("activity " + activity.Label, "the activityId is used twice"));
            CheckActivity(activity, publishing, errors);
        }

        foreach (var connection in definition.Connections)
            CheckConnection(connection, activities, errors);

        if (publishing)
            CheckStart(definition, errors);
        return errors;
    }

    public void ThrowIfInvalid(WorkflowDefinition definition, bool publishing)
    {
        var errors = Validate(definition, publishing);
        if (errors.Count > 0)
            throw new DefinitionValidationException(errors);
    }

    private void CheckVariables(WorkflowDefinition definition, List<DefinitionError> errors)
    {
        try
        {
            foreach (var name in reserved.Value.Among(definition.ParseVariables().Keys))
                errors.Add(new("variables", ReservedVariables.Refusal(name, "a definition")));
        }
        catch (JsonException ex)
        {
            errors.Add(new("variables", $"must be a JSON object: {ex.Message}"));
        }
    }

    private void CheckActivity(ActivityDefinition activity, bool publishing, List<DefinitionError> errors)
    {
        var where = "activity " + activity.Label;
        var type = registry.FindType(activity.Type);
        if (type is null)
        {
            errors.Add(new(where, $"unknown activity type '{activity.Type}'"));
            return;
        }

        foreach (var property in activity.Properties)
        {
            var input = type.Inputs.FirstOrDefault(i => i.Descriptor.Name == property.Name);
            if (input is null)
            {
                errors.Add(new($"{where}, property '{property.Name}'", $"{activity.Type} has no such input"));
                continue;
            }

            var (syntax, text) = ExpressionEvaluator.Select(property, input.Descriptor.DefaultSyntax);
            if (text is null)
                continue;
            if (activity.Type == nameof(SetVariable) && property.Name == nameof(SetVariable.VariableName) && syntax == Syntaxes.Literal && reserved.Value.Contains(text.Trim()))
                errors.Add(new($"{where}, property '{property.Name}'", ReservedVariables.Refusal(text.Trim(), "a Set variable activity")));
            if (ExpressionEvaluator.Check(syntax, text, input.Property.PropertyType) is { } problem)
                errors.Add(new($"{where}, property '{property.Name}'", problem));
        }

        if (!publishing)
            return;
        foreach (var input in type.Inputs.Where(i => i.Descriptor.IsRequired && i.Descriptor.DefaultValue is null))
        {
            var property = activity.Properties.FirstOrDefault(p => p.Name == input.Descriptor.Name);
            if (property is null || ExpressionEvaluator.Select(property, input.Descriptor.DefaultSyntax).Text is null)
                errors.Add(new($"{where}, property '{input.Descriptor.Name}'", "a value is required"));
        }
    }

    private void CheckConnection(ConnectionDefinition connection, Dictionary<string, ActivityDefinition> activities, List<DefinitionError> errors)
    {
        var where = $"connection {connection.SourceActivityId} --{connection.Outcome}--> {connection.TargetActivityId}";
        if (!activities.TryGetValue(connection.SourceActivityId, out var source))
            errors.Add(new(where, $"source activity '{connection.SourceActivityId}' does not exist"));
        if (!activities.ContainsKey(connection.TargetActivityId))
            errors.Add(new(where, $"target activity '{connection.TargetActivityId}' does not exist"));
        if (string.IsNullOrWhiteSpace(connection.Outcome))
        {
            errors.Add(new(where, "has no outcome"));
            return;
        }

        if (source is not null && registry.Find(source.Type) is { } descriptor && !descriptor.Outcomes.Contains(connection.Outcome))
        {
            errors.Add(new(where,
                $"activity {source.Label} ({source.Type}) has no outcome '{connection.Outcome}' (it has {string.Join(", ", descriptor.Outcomes)})"));
        }
    }

    private static void CheckStart(WorkflowDefinition definition, List<DefinitionError> errors)
    {
        var starts = StartActivities(definition);
        if (definition.Activities.Count == 0)
            errors.Add(new("definition", "has no activities"));
        else if (starts.Count != 1)
        {
            errors.Add(new("definition", starts.Count == 0
                ? "has no start activity (every activity has an incoming connection)"
                : $"has {starts.Count} start activities ({string.Join(", ", starts.Select(a => a.Label))}); connect all but one"));
        }
    }

    internal static IReadOnlyList<ActivityDefinition> StartActivities(WorkflowDefinition definition)
    {
        var targets = definition.Connections.Select(c => c.TargetActivityId).ToHashSet(StringComparer.Ordinal);
        return definition.Activities.Where(a => !targets.Contains(a.ActivityId)).ToList();
    }
}
