using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Saga.Activities.Inventory.Ansible;

/// <summary>
/// Reads an inventory in Ansible's YAML format, by the rules of the ansible.builtin.yaml inventory plugin
/// (docs.ansible.com/ansible/latest/collections/ansible/builtin/yaml_inventory.html): the top level maps group names
/// (usually <c>all</c>) to groups; a group may have <c>hosts</c> (host pattern to its variables, or nothing),
/// <c>vars</c> (the group's variables) and <c>children</c> (child group name to a group of the same shape). Any other
/// key, and a value of the wrong shape, is reported, never guessed.
/// </summary>
internal static class AnsibleYamlReader
{
    public static AnsibleInventory Read(string path, TextReader reader)
    {
        var name = Path.GetFileName(path);
        var inventory = new AnsibleInventory(path);
        var yaml = new YamlStream();
        try
        {
            yaml.Load(reader);
        }
        catch (YamlException ex)
        {
            inventory.Problems.Add($"{name}:{ex.Start.Line}:{ex.Start.Column}: not valid YAML: {ex.Message}");
            return inventory;
        }

        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root)
        {
            inventory.Problems.Add($"{name}: expected a mapping of groups (all: {{ hosts: ..., children: ... }})");
            return inventory;
        }

        foreach (var (key, value) in root.Children)
            ReadGroup(Text(key), value, name, inventory, []);
        return inventory;
    }

    private static void ReadGroup(string group, YamlNode node, string file, AnsibleInventory inventory, HashSet<string> path)
    {
        inventory.Group(group);
        if (IsEmpty(node))
            return;
        if (node is not YamlMappingNode mapping)
        {
            inventory.Problems.Add($"{Where(file, node)}: group '{group}': expected hosts, vars or children");
            return;
        }

        if (!path.Add(group))
        {
            inventory.Problems.Add($"{Where(file, node)}: group '{group}' is its own descendant");
            return;
        }

        foreach (var (key, value) in mapping.Children)
        {
            switch (Text(key))
            {
                case "hosts":
                    ReadHosts(group, value, file, inventory);
                    break;
                case "vars":
                    ReadVariables(value, file, inventory.Group(group).Variables, inventory.Problems, $"group '{group}' vars");
                    break;
                case "children":
                    if (IsEmpty(value))
                        break;
                    if (value is not YamlMappingNode children)
                    {
                        inventory.Problems.Add($"{Where(file, value)}: group '{group}' children: expected a mapping of groups");
                        break;
                    }

                    foreach (var (childKey, child) in children.Children)
                    {
                        var childName = Text(childKey);
                        if (!inventory.Group(group).Children.Contains(childName))
                            inventory.Group(group).Children.Add(childName);
                        ReadGroup(childName, child, file, inventory, path);
                    }

                    break;
                default:
                    inventory.Problems.Add($"{Where(file, key)}: group '{group}': '{Text(key)}' is not hosts, vars or children; not read");
                    break;
            }
        }

        path.Remove(group);
    }

    private static void ReadHosts(string group, YamlNode node, string file, AnsibleInventory inventory)
    {
        if (IsEmpty(node))
            return;
        if (node is not YamlMappingNode hosts)
        {
            // "test5" without a colon under hosts: is a string, not a mapping; the plugin refuses it too.
            inventory.Problems.Add($"{Where(file, node)}: group '{group}' hosts: expected a mapping of hosts (each host followed by a colon)");
            return;
        }

        foreach (var (key, value) in hosts.Children)
        {
            var where = Where(file, key);
            if (HostPattern.Parse(Text(key), where, inventory.Problems) is not var (host, port))
                continue;
            var vars = inventory.Host(host, group);
            if (port is not null)
                vars["ansible_port"] = new AnsibleValue(port, where);
            ReadVariables(value, file, vars, inventory.Problems, $"host '{host}'");
        }
    }

    /// <summary>Reads a mapping of variables; also used for group_vars and host_vars files.</summary>
    public static void ReadVariables(YamlNode node, string file, Dictionary<string, AnsibleValue> vars, List<string> problems, string what)
    {
        if (IsEmpty(node))
            return;
        if (node is not YamlMappingNode mapping)
        {
            problems.Add($"{Where(file, node)}: {what}: expected a mapping of variables");
            return;
        }

        foreach (var (key, value) in mapping.Children)
        {
            vars[Text(key)] = value is YamlScalarNode scalar
                ? new AnsibleValue(IsEmpty(scalar) ? null : scalar.Value, Where(file, key))
                : new AnsibleValue(null, Where(file, key), IsStructure: true);
        }
    }

    private static bool IsEmpty(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" };

    private static string Text(YamlNode node) => (node as YamlScalarNode)?.Value ?? node.ToString();

    private static string Where(string file, YamlNode node) => $"{file}:{node.Start.Line}";
}
