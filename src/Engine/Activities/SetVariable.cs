using System.Text.Json;

namespace Saga.Engine.Activities;

/// <summary>Sets a workflow variable, saved with the checkpoint.</summary>
[Activity(Category = "Primitives", DisplayName = "Set variable", Description = "Sets a workflow variable to a value.")]
public sealed class SetVariable : IActivity
{
    [ActivityInput(Hint = "The variable's name.")]
    public required string VariableName { get; set; }

    [ActivityInput(Hint = "The value: JSON, or plain text.", UIHint = UIHints.Json)]
    public JsonElement? Value { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        context.SetVariable(VariableName, Value);
        return ValueTask.FromResult(ActivityResult.Completed());
    }
}
