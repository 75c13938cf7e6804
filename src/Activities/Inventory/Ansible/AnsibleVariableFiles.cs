using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Saga.Activities.Inventory.Ansible;

/// <summary>
/// The <c>group_vars/</c> and <c>host_vars/</c> folders beside an inventory, as Ansible's host_group_vars plugin reads
/// them (docs.ansible.com/ansible/latest/inventory_guide/intro_inventory.html, "Organizing host and group variables"):
/// a file named after the group or host, with no extension or <c>.yml</c>, <c>.yaml</c> or <c>.json</c>, holding a
/// YAML mapping. A folder per group or host (several files) and vault-encrypted files are reported, not read.
/// </summary>
internal static class AnsibleVariableFiles
{
    private static readonly string[] Extensions = ["", ".yml", ".yaml", ".json"];

    public static void Load(string folder, AnsibleInventory inventory)
    {
        foreach (var group in inventory.Groups)
            Read(Path.Combine(folder, "group_vars"), group.Name, group.FileVariables, inventory.Problems);
        foreach (var host in inventory.Hosts)
        {
            var vars = new Dictionary<string, AnsibleValue>(StringComparer.Ordinal);
            Read(Path.Combine(folder, "host_vars"), host, vars, inventory.Problems);
            if (vars.Count > 0)
                inventory.HostFileVariables[host] = vars;
        }
    }

    private static void Read(string folder, string name, Dictionary<string, AnsibleValue> into, List<string> problems)
    {
        if (!Directory.Exists(folder))
            return;
        var relative = $"{Path.GetFileName(folder)}/{name}";
        if (Directory.Exists(Path.Combine(folder, name)))
            problems.Add($"{relative}/: a folder of variable files is not read; put its variables into one file {relative}.yml");
        foreach (var file in Extensions.Select(e => Path.Combine(folder, name + e)).Where(File.Exists))
        {
            var text = File.ReadAllText(file);
            var shown = relative + Path.GetExtension(file);
            if (text.StartsWith("$ANSIBLE_VAULT", StringComparison.Ordinal))
            {
                problems.Add($"{shown}: vault-encrypted; saga does not decrypt it: copy the settings saga needs into the inventory");
                continue;
            }

            var yaml = new YamlStream();
            try
            {
                yaml.Load(new StringReader(text));
            }
            catch (YamlException ex)
            {
                problems.Add($"{shown}:{ex.Start.Line}: not valid YAML: {ex.Message}");
                continue;
            }

            if (yaml.Documents.Count > 0)
                AnsibleYamlReader.ReadVariables(yaml.Documents[0].RootNode, shown, into, problems, "variables");
        }
    }
}
