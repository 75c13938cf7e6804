using System.Globalization;
using System.Text.Json.Nodes;
using Saga.Engine.Activities;
using Saga.Engine.Definitions;
using Saga.Engine.Descriptors;
using Saga.Engine.Expressions;

namespace Saga.Engine.Runtime;

/// <summary>Sets an activity's inputs from its definition's expressions.</summary>
internal static class InputBinder
{
    public static void Bind(IActivity instance, ActivityType type, ActivityDefinition activity, JsonObject variables)
    {
        foreach (var input in type.Inputs)
        {
            var name = input.Descriptor.Name;
            var property = activity.Properties.FirstOrDefault(p => p.Name == name);
            var (syntax, text) = property is null ? (input.Descriptor.DefaultSyntax, null) : ExpressionEvaluator.Select(property, input.Descriptor.DefaultSyntax);
            object? value;
            try
            {
                if (text is not null)
                    value = ExpressionEvaluator.Evaluate(syntax, text, input.Property.PropertyType, variables);
                else if (input.Descriptor.DefaultValue is { } fallback)
                    value = ExpressionEvaluator.ConvertDefault(fallback, input.Property.PropertyType);
                else if (input.Descriptor.IsRequired)
                    throw new ExpressionException("a value is required");
                else
                    continue;
            }
            catch (ExpressionException ex)
            {
                throw new ExpressionException(string.Create(CultureInfo.InvariantCulture, $"input '{name}' of {activity.Label}: {ex.Message}"), ex);
            }

            input.Property.SetValue(instance, value);
        }
    }
}
