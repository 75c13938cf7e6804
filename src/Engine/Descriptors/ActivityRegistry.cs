using Saga.Engine.Activities;

namespace Saga.Engine.Descriptors;

/// <summary>The activity types a host knows, and their descriptors for the designer.</summary>
public interface IActivityRegistry
{
    /// <summary>Every descriptor, ordered by category then display name.</summary>
    IReadOnlyList<ActivityDescriptor> Descriptors { get; }

    /// <summary>The descriptor for a definition's type name, or null when unknown.</summary>
    ActivityDescriptor? Find(string type);
}

/// <summary>Registered through <c>AddActivity&lt;T&gt;()</c>; one per activity class.</summary>
internal sealed record ActivityRegistration(Type ClrType);

internal sealed class ActivityRegistry : IActivityRegistry
{
    private readonly Dictionary<string, ActivityType> types;

    public ActivityRegistry(IEnumerable<ActivityRegistration> registrations)
    {
        types = new Dictionary<string, ActivityType>(StringComparer.Ordinal);
        foreach (var registration in registrations.DistinctBy(r => r.ClrType))
        {
            var type = ActivityType.FromClass(registration.ClrType);
            if (!types.TryAdd(type.Name, type))
            {
                throw new InvalidOperationException(
                    $"Two activity classes claim the type name '{type.Name}': {types[type.Name].ClrType.FullName} and {type.ClrType.FullName}.");
            }
        }

        Descriptors = types.Values.Select(t => t.Descriptor).OrderBy(d => d.Category, StringComparer.Ordinal)
            .ThenBy(d => d.DisplayName, StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<ActivityDescriptor> Descriptors { get; }

    public ActivityDescriptor? Find(string type) => types.TryGetValue(type, out var t) ? t.Descriptor : null;

    internal ActivityType? FindType(string type) => types.GetValueOrDefault(type);

    internal static string TypeNameOf<T>()
        where T : IActivity => ActivityType.FromClass(typeof(T)).Name;
}
