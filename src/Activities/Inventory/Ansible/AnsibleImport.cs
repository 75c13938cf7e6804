using System.Text;
using System.Text.RegularExpressions;

namespace Saga.Activities.Inventory.Ansible;

/// <summary>
/// Turns an Ansible inventory (INI or YAML, with its group_vars/ and host_vars/ files) into saga's inventory: the
/// hosts of the control and compute groups become nodes, their connection variables become each node's SSH settings,
/// and the Calico sections are left as a commented template. What cannot be carried over exactly is reported: as a
/// problem (nothing is written) when it concerns how a node is reached, else as a note.
/// </summary>
public static partial class AnsibleImport
{
    /// <summary>Connection variables and the saga setting each becomes, with the names Ansible still reads from before 2.0.</summary>
    private static readonly Dictionary<string, string> Mapped = new(StringComparer.Ordinal)
    {
        ["ansible_host"] = "host",
        ["ansible_ssh_host"] = "host",
        ["ansible_port"] = "port",
        ["ansible_ssh_port"] = "port",
        ["ansible_user"] = "user",
        ["ansible_ssh_user"] = "user",
        ["ansible_ssh_private_key_file"] = "privateKeyFile",
        ["ansible_private_key_file"] = "privateKeyFile",
        ["ansible_become"] = "sudo",
        ["ansible_sudo"] = "sudo",
    };

    /// <summary>Variables that change how Ansible reaches or acts on a host in ways saga would not follow.</summary>
    private static readonly Dictionary<string, string> Refused = new(StringComparer.Ordinal)
    {
        ["ansible_password"] = "saga logs in with a key only (ssh.privateKeyFile)",
        ["ansible_ssh_pass"] = "saga logs in with a key only (ssh.privateKeyFile)",
        ["ansible_become_password"] = "saga uses sudo -n, never a password: give the user passwordless sudo",
        ["ansible_become_pass"] = "saga uses sudo -n, never a password: give the user passwordless sudo",
        ["ansible_ssh_common_args"] = "saga passes no extra SSH arguments (a ProxyJump or ProxyCommand here would be lost)",
        ["ansible_ssh_extra_args"] = "saga passes no extra SSH arguments (a ProxyJump or ProxyCommand here would be lost)",
        ["ansible_ssh_args"] = "saga passes no extra SSH arguments",
    };

    public static AnsibleImportResult Convert(string path, string controlGroup, string computeGroup)
    {
        var inventory = Read(path);
        var problems = inventory.Problems;
        var notes = new List<string>();
        var control = Members(inventory, controlGroup, "--control", problems);
        var compute = Members(inventory, computeGroup, "--compute", problems);
        foreach (var both in control.Intersect(compute))
            problems.Add($"{both} is in both {controlGroup} and {computeGroup}; a node is either a control or a compute node");
        var nodes = control.Select(h => (Host: h, Role: "control")).Concat(compute.Except(control).Select(h => (Host: h, Role: "compute")))
            .Select(n => Node(inventory, n.Host, n.Role, problems, notes)).ToList();
        if (nodes.Count == 0 && problems.Count == 0)
            problems.Add($"{controlGroup} and {computeGroup} have no hosts");
        var left = inventory.Hosts.Except(control).Except(compute).ToList();
        if (left.Count > 0)
            notes.Add($"left out (in neither {controlGroup} nor {computeGroup}): {string.Join(", ", left)}");
        var said = notes.Distinct().ToList();
        return problems.Count > 0
            ? new AnsibleImportResult(null, problems.Distinct().ToList(), said)
            : new AnsibleImportResult(SagaInventoryText.Write(Path.GetFileName(path), controlGroup, computeGroup, nodes), [], said);
    }

    /// <summary>Reads the file as YAML when its extension is one the yaml plugin takes (.yaml, .yml, .json), else as INI, then its variable files.</summary>
    private static AnsibleInventory Read(string path)
    {
        using var reader = new StreamReader(path);
        var inventory = Path.GetExtension(path).ToLowerInvariant() is ".yml" or ".yaml" or ".json"
            ? AnsibleYamlReader.Read(path, reader)
            : AnsibleIniReader.Read(path, reader);
        AnsibleVariableFiles.Load(Path.GetDirectoryName(Path.GetFullPath(path))!, inventory);
        return inventory;
    }

    private static List<string> Members(AnsibleInventory inventory, string group, string option, List<string> problems)
    {
        if (inventory.FindGroup(group) is null)
        {
            var known = inventory.Groups.Select(g => g.Name).Where(n => n != AnsibleInventory.All).ToList();
            problems.Add($"{option} {group}: the inventory has no such group{Text.ClosestName.Hint(group, known)} (groups: {string.Join(", ", known)})");
            return [];
        }

        return [.. inventory.Members(group)];
    }

    private static ImportedNode Node(AnsibleInventory inventory, string host, string role, List<string> problems, List<string> notes)
    {
        var vars = inventory.VariablesOf(host);
        var settings = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, value) in vars)
        {
            if (Mapped.TryGetValue(name, out var setting))
            {
                if (Valid(host, name, value, problems) is { } text)
                    settings[setting] = text;
            }
            else if (Refused.TryGetValue(name, out var why))
            {
                problems.Add($"{value.Where}: {host}: {name} is set; {why}");
            }
            else if (name == "ansible_connection" && value.Text is not ("ssh" or "paramiko" or "smart"))
            {
                problems.Add($"{value.Where}: {host}: ansible_connection={value.Text}; saga reaches every node over SSH");
            }
            else if (name is "ansible_become_method" && value.Text != "sudo" || name is "ansible_become_user" && value.Text != "root")
            {
                problems.Add($"{value.Where}: {host}: {name}={value.Text}; saga becomes root with sudo -n only");
            }
            else
            {
                notes.Add($"not used by saga: {name}");
            }
        }

        if (settings.TryGetValue("sudo", out var sudo))
        {
            if (Truth(sudo) is { } yes)
                settings["sudo"] = yes ? "true" : "false";
            else
                problems.Add($"{host}: ansible_become '{sudo}' is not true or false");
        }

        if (settings.TryGetValue("privateKeyFile", out var key) && !key.StartsWith('/') && !key.StartsWith("~/", StringComparison.Ordinal))
        {
            settings["privateKeyFile"] = Path.GetFullPath(key);
            notes.Add($"{host}: the relative key path '{key}' (relative to where ansible runs) was written as {settings["privateKeyFile"]}");
        }

        return new ImportedNode(host, role, settings);
    }

    private static string? Valid(string host, string name, AnsibleValue value, List<string> problems)
    {
        if (value.IsStructure || value.Text is null)
            return Invalid(problems, $"{value.Where}: {host}: {name} is {(value.IsStructure ? "a list or mapping" : "empty")}, not a single value");
        if (value.Text.Contains("{{", StringComparison.Ordinal) || value.Text.Contains("{%", StringComparison.Ordinal))
            return Invalid(problems, $"{value.Where}: {host}: {name} is a Jinja2 template ('{value.Text}'); saga does not evaluate templates: write the value itself");
        if (name is "ansible_port" or "ansible_ssh_port" && !Port().IsMatch(value.Text))
            return Invalid(problems, $"{value.Where}: {host}: {name} '{value.Text}' is not a port");
        return value.Text;
    }

    private static string? Invalid(List<string> problems, string problem)
    {
        problems.Add(problem);
        return null;
    }

    /// <summary>Ansible's booleans (its <c>boolean</c> filter): yes/on/1/true and no/off/0/false, any case.</summary>
    private static bool? Truth(string text) => text.ToLowerInvariant() switch
    {
        "yes" or "on" or "1" or "true" or "y" or "t" => true,
        "no" or "off" or "0" or "false" or "n" or "f" => false,
        _ => null,
    };

    [GeneratedRegex("^[0-9]{1,5}$")]
    private static partial Regex Port();
}

/// <summary>The converted inventory's text, or why there is none.</summary>
/// <param name="Yaml">saga's inventory; null when <paramref name="Problems"/> is not empty.</param>
/// <param name="Problems">What stops the conversion, each with where it is.</param>
/// <param name="Notes">What was left out or changed on the way, for the operator to check.</param>
public sealed record AnsibleImportResult(string? Yaml, IReadOnlyList<string> Problems, IReadOnlyList<string> Notes);

/// <summary>A node as the import found it: name, role, and the saga SSH settings its variables gave.</summary>
internal sealed record ImportedNode(string Name, string Role, IReadOnlyDictionary<string, string> Settings);
