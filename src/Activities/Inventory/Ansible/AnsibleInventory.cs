namespace Saga.Activities.Inventory.Ansible;

/// <summary>
/// An Ansible inventory as its INI or YAML file states it: groups with their hosts, child groups and variables, and
/// each host's own variables. Values are kept as text; what saga cannot take is in <see cref="Problems"/>.
/// </summary>
public sealed class AnsibleInventory
{
    /// <summary>Ansible's implicit group of every host.</summary>
    public const string All = "all";

    /// <summary>Ansible's implicit group of hosts in no other group.</summary>
    public const string Ungrouped = "ungrouped";

    private readonly Dictionary<string, AnsibleGroup> groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Dictionary<string, AnsibleValue>> hosts = new(StringComparer.Ordinal);
    private readonly List<string> order = [];

    public AnsibleInventory(string source)
    {
        Source = source;
        Group(All);
    }

    /// <summary>The file it was read from, for messages.</summary>
    public string Source { get; }

    /// <summary>Hosts in the order the file names them first.</summary>
    public IReadOnlyList<string> Hosts => order;

    public IReadOnlyCollection<AnsibleGroup> Groups => groups.Values;

    /// <summary>What was not understood or cannot be carried over, each with where it is.</summary>
    public List<string> Problems { get; } = [];

    public AnsibleGroup Group(string name)
    {
        if (!groups.TryGetValue(name, out var group))
            groups[name] = group = new AnsibleGroup(name);
        return group;
    }

    public AnsibleGroup? FindGroup(string name) => groups.GetValueOrDefault(name);

    /// <summary>Adds <paramref name="host"/> to <paramref name="group"/> (once) and returns its own variables.</summary>
    public Dictionary<string, AnsibleValue> Host(string host, string group)
    {
        if (!hosts.TryGetValue(host, out var vars))
        {
            hosts[host] = vars = new Dictionary<string, AnsibleValue>(StringComparer.Ordinal);
            order.Add(host);
        }

        var members = Group(group).Hosts;
        if (!members.Contains(host))
            members.Add(host);
        return vars;
    }

    public IReadOnlyDictionary<string, AnsibleValue> HostVariables(string host) => hosts[host];

    /// <summary>Variables of <c>host_vars/HOST</c> files beside the inventory, by host.</summary>
    public Dictionary<string, Dictionary<string, AnsibleValue>> HostFileVariables { get; } = new(StringComparer.Ordinal);

    /// <summary>
    /// The variables <paramref name="host"/> ends up with, merged as Ansible merges them (docs.ansible.com/ansible/latest/
    /// playbook_guide/playbooks_variables.html, "Understanding variable precedence", and the inventory guide's "How
    /// variables are merged"): the inventory file's group variables (<c>all</c> first, children over parents), then
    /// <c>group_vars/all</c>, then the other <c>group_vars/</c> files, then the inventory file's host variables, then
    /// <c>host_vars/</c>; a later one wins.
    /// </summary>
    public Dictionary<string, AnsibleValue> VariablesOf(string host)
    {
        var merged = new Dictionary<string, AnsibleValue>(StringComparer.Ordinal);
        var groupsOf = GroupsOf(host);
        foreach (var (group, _) in groupsOf)
            Merge(merged, group.Variables);
        foreach (var (group, _) in groupsOf.Where(g => g.Group.Name == All))
            Merge(merged, group.FileVariables);
        foreach (var (group, _) in groupsOf.Where(g => g.Group.Name != All))
            Merge(merged, group.FileVariables);
        Merge(merged, hosts[host]);
        Merge(merged, HostFileVariables.GetValueOrDefault(host) ?? []);
        return merged;
    }

    private static void Merge(Dictionary<string, AnsibleValue> into, Dictionary<string, AnsibleValue> from)
    {
        foreach (var (key, value) in from)
            into[key] = value;
    }

    /// <summary>Every host of <paramref name="group"/> and of its child groups, in file order.</summary>
    public IReadOnlyList<string> Members(string group)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        Collect(group, found, []);
        return group == All ? order : order.Where(found.Contains).ToList();
    }

    /// <summary>
    /// The groups <paramref name="host"/> belongs to, directly or through child groups, each with its depth below
    /// <c>all</c> (0), deepest last: the order in which Ansible lets group variables override each other, a child
    /// group over its parent and, at the same depth, the later name in alphabetical order.
    /// </summary>
    public IReadOnlyList<(AnsibleGroup Group, int Depth)> GroupsOf(string host)
    {
        return groups.Values.Where(g => g.Name == All || Members(g.Name).Contains(host))
            .Select(g => (g, Depth(g.Name, [])))
            .OrderBy(p => p.Item2).ThenBy(p => p.g.Name, StringComparer.Ordinal).ToList();
    }

    private void Collect(string group, HashSet<string> found, HashSet<string> seen)
    {
        if (!seen.Add(group) || !groups.TryGetValue(group, out var g))
            return;
        found.UnionWith(g.Hosts);
        foreach (var child in g.Children)
            Collect(child, found, seen);
    }

    /// <summary>How far below <c>all</c> a group is: 1 for a group no other group (but <c>all</c>) has as a child, else one below its deepest parent.</summary>
    private int Depth(string name, HashSet<string> visiting)
    {
        if (name == All)
            return 0;
        var parents = groups.Values.Where(g => g.Name != All && g.Children.Contains(name)).ToList();
        if (parents.Count == 0 || !visiting.Add(name))
            return 1; // top level, or a cycle of children (which the reader reports)
        var depth = 1 + parents.Max(p => Depth(p.Name, visiting));
        visiting.Remove(name);
        return depth;
    }
}

/// <summary>A group: its own hosts, its child groups and its variables.</summary>
public sealed class AnsibleGroup(string name)
{
    public string Name { get; } = name;

    public List<string> Hosts { get; } = [];

    public List<string> Children { get; } = [];

    public Dictionary<string, AnsibleValue> Variables { get; } = new(StringComparer.Ordinal);

    /// <summary>Variables of the <c>group_vars/GROUP</c> file beside the inventory.</summary>
    public Dictionary<string, AnsibleValue> FileVariables { get; } = new(StringComparer.Ordinal);
}

/// <summary>A variable's value: text, or a structure (list, mapping) saga never needs; and where it was set.</summary>
/// <param name="Text">The value as text; null for a structure or an empty value.</param>
/// <param name="Where">file:line where it was set.</param>
/// <param name="IsStructure">A list or a mapping, which no saga setting takes.</param>
public sealed record AnsibleValue(string? Text, string Where, bool IsStructure = false);
