namespace Saga.Engine.Definitions;

/// <summary>
/// Variables only the host's own code sets: a definition's own <c>variables</c>, a Set variable activity and a start
/// request cannot. The downgrade reserves its inventory and everything its steps read, so the steps act on what the
/// inventory loader checked and on what earlier steps recorded, never on a value someone wrote into a flow. Activity
/// packs add their names (<c>services.Configure&lt;ReservedVariables&gt;(r =&gt; r.Add(...))</c>); names compare
/// ignoring case.
/// </summary>
public sealed class ReservedVariables
{
    private readonly HashSet<string> names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Every reserved name.</summary>
    public IReadOnlyCollection<string> Names => names;

    /// <summary>Reserves <paramref name="reserved"/>.</summary>
    public ReservedVariables Add(IEnumerable<string> reserved)
    {
        ArgumentNullException.ThrowIfNull(reserved);
        names.UnionWith(reserved);
        return this;
    }

    public bool Contains(string? name) => name is not null && names.Contains(name);

    /// <summary>The reserved names among <paramref name="variables"/>, in their order.</summary>
    public IReadOnlyList<string> Among(IEnumerable<string> variables) => variables.Where(Contains).ToList();

    /// <summary>Why <paramref name="name"/> cannot be set from <paramref name="where"/> (a definition, a start request).</summary>
    public static string Refusal(string name, string where) =>
        $"'{name}' is reserved: saga sets it itself (the inventory from the loader that checks it, the rest from the steps); {where} cannot set it";
}
