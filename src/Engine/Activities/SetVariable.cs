using System.Text.Json;
using Microsoft.Extensions.Options;
using Saga.Engine.Definitions;

namespace Saga.Engine.Activities;

/// <summary>Sets a workflow variable, saved with the checkpoint; never a <see cref="ReservedVariables">reserved</see> one.</summary>
[Activity(Category = "Primitives", DisplayName = "Set variable", Description = "Sets a workflow variable to a value (not one saga reserves for itself, such as the inventory).")]
public sealed class SetVariable(IOptions<ReservedVariables> reserved) : IActivity
{
    [ActivityInput(Hint = "The variable's name.")]
    public required string VariableName { get; set; }

    [ActivityInput(Hint = "The value: JSON, or plain text.", UIHint = UIHints.Json)]
    public JsonElement? Value { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        // The name may come from a variable: checked here too, not only when the definition is saved.
        if (reserved.Value.Contains(VariableName.Trim()))
            return ValueTask.FromResult(ActivityResult.Fault(ReservedVariables.Refusal(VariableName.Trim(), "a Set variable activity") + "; nothing was set"));
        context.SetVariable(VariableName, Value);
        return ValueTask.FromResult(ActivityResult.Completed());
    }
}
