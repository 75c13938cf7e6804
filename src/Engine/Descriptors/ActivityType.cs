using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Runtime.CompilerServices;
using Saga.Engine.Activities;
using Saga.Engine.Expressions;

namespace Saga.Engine.Descriptors;

/// <summary>An activity class with its descriptor and the properties its inputs bind to.</summary>
internal sealed class ActivityType
{
    private ActivityType(Type clrType, ActivityDescriptor descriptor, IReadOnlyList<ActivityInput> inputs)
    {
        ClrType = clrType;
        Descriptor = descriptor;
        Inputs = inputs;
    }

    public Type ClrType { get; }

    public ActivityDescriptor Descriptor { get; }

    public IReadOnlyList<ActivityInput> Inputs { get; }

    public string Name => Descriptor.Type;

    public static ActivityType FromClass(Type clrType)
    {
        if (!typeof(IActivity).IsAssignableFrom(clrType) || clrType.IsAbstract)
            throw new ArgumentException($"{clrType.FullName} is not a concrete {nameof(IActivity)}.", nameof(clrType));
        var attribute = clrType.GetCustomAttribute<ActivityAttribute>()
                        ?? throw new ArgumentException($"{clrType.FullName} has no [{nameof(ActivityAttribute)}].", nameof(clrType));

        var inputs = clrType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.GetCustomAttribute<ActivityInputAttribute>() is not null)
            .Select((p, order) => ActivityInput.FromProperty(p, order))
            .ToList();

        var descriptor = new ActivityDescriptor
        {
            Type = attribute.Type ?? clrType.Name,
            DisplayName = attribute.DisplayName ?? clrType.Name,
            Description = attribute.Description,
            Category = attribute.Category,
            Outcomes = attribute.Outcomes,
            InputProperties = inputs.Select(i => i.Descriptor).ToList(),
        };
        return new ActivityType(clrType, descriptor, inputs);
    }
}

/// <summary>One input: its descriptor and the property it sets.</summary>
internal sealed record ActivityInput(PropertyInfo Property, InputDescriptor Descriptor)
{
    public static ActivityInput FromProperty(PropertyInfo property, int order)
    {
        var attribute = property.GetCustomAttribute<ActivityInputAttribute>()!;
        var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
        var uiHint = attribute.UIHint ?? DefaultHint(type, attribute);
        var defaultSyntax = attribute.DefaultSyntax ?? (uiHint is UIHints.Json or UIHints.MultiText ? Syntaxes.Json : Syntaxes.Literal);
        object? options = type.IsEnum
            ? Enum.GetNames(type)
            : attribute.Options;
        return new ActivityInput(property, new InputDescriptor
        {
            Name = property.Name,
            Type = property.PropertyType.FullName ?? property.PropertyType.Name,
            UIHint = uiHint,
            Label = attribute.Label ?? property.Name,
            Hint = attribute.Hint,
            Options = options,
            Category = attribute.Category,
            Order = order,
            DefaultValue = attribute.DefaultValue is { } d && type.IsEnum ? d.ToString() : attribute.DefaultValue,
            DefaultSyntax = defaultSyntax,
            SupportedSyntaxes = attribute.SupportedSyntaxes ?? Syntaxes.All,
            IsRequired = property.GetCustomAttribute<RequiredMemberAttribute>() is not null
                         || property.GetCustomAttribute<RequiredAttribute>() is not null,
        });
    }

    private static string DefaultHint(Type type, ActivityInputAttribute attribute)
    {
        if (attribute.Options is not null || type.IsEnum)
            return UIHints.Dropdown;
        if (type == typeof(bool))
            return UIHints.Checkbox;
        if (type == typeof(string) || type.IsPrimitive || type == typeof(TimeSpan) || type == typeof(decimal))
            return UIHints.SingleLine;
        if (type.IsArray || (type.IsGenericType && type.GetGenericArguments() is [var arg] && arg == typeof(string)))
            return UIHints.MultiText;
        return UIHints.Json;
    }
}
