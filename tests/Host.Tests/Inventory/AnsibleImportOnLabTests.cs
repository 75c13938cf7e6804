using Saga.Host.Tests.Support;
using Saga.Tests.Lab;
using YamlDotNet.RepresentationModel;

namespace Saga.Host.Tests.Inventory;

/// <summary><c>saga inventory import</c> of an Ansible inventory that describes a lab, then <c>saga plan</c> with the result against the lab's real SSH nodes.</summary>
public sealed class AnsibleImportOnLabTests
{
    private static readonly string[] Nodes = ["ctl:centos7:control", "u1:trusty:compute", "x1:xenial:compute"];

    [Theory]
    [InlineData("hosts.ini")]
    [InlineData("hosts.yml")]
    public async Task Import_ThenPlan_ReachesEveryNodeAndListsItsCommands(string name)
    {
        await using var lab = await Lab.StartAsync(Nodes);
        using var workspace = new Workspace();
        var source = workspace.Write(name, name.EndsWith(".ini", StringComparison.Ordinal) ? Ini(lab) : Yaml(lab));
        var cluster = Path.Combine(lab.Directory, $"cluster-{name}.yaml"); // beside the lab's calicoctl, as its inventory is

        var import = await workspace.RunAsync("inventory", "import", source, "--control", "openstack_control", "--compute", "openstack_compute", "-o", cluster);

        Assert.True(import.ExitCode == 0, import.ToString());
        Assert.Contains("not used by saga: ansible_python_interpreter", import.Stderr, StringComparison.Ordinal);
        FillInAsAnOperatorWould(cluster, lab);
        var plan = await workspace.RunAsync("plan", "-i", cluster);
        Assert.True(plan.ExitCode == 0, plan + "\n" + File.ReadAllText(cluster));
        foreach (var node in lab.Inventory.Nodes)
            Assert.Contains($"  {node.Name} (", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("-y --force-yes --no-remove -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold 'calico-compute=1:1.4.3~trusty'", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("-y --allow-downgrades --no-remove -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold 'calico-compute=1:1.4.3~xenial'", plan.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_OverAnExistingInventory_IsRefusedAndLeavesItAlone()
    {
        using var workspace = new Workspace();
        var source = workspace.Write("hosts", "[c]\nctl\n[n]\ncmp\n");
        var existing = workspace.Write("cluster.yaml", "mine\n");

        var import = await workspace.RunAsync("inventory", "import", source, "--control", "c", "--compute", "n", "-o", existing);

        Assert.Equal(2, import.ExitCode);
        Assert.Contains("saga does not overwrite an inventory", import.Stderr, StringComparison.Ordinal);
        Assert.Equal("mine\n", File.ReadAllText(existing));
    }

    /// <summary>The lab as an operator's Ansible INI inventory: groups of groups, [group:vars], an inline host variable.</summary>
    private static string Ini(Lab lab)
    {
        var nodes = lab.Inventory.Nodes;
        return $"""
            [controllers]
            {nodes[0].Name} ansible_host={nodes[0].Host}

            [computes_ubuntu]
            {string.Join("\n", nodes.Skip(1).Select(n => $"{n.Name} ansible_host={n.Host}"))}

            [openstack_control:children]
            controllers

            [openstack_compute:children]
            computes_ubuntu

            [all:vars]
            ansible_user=root
            ansible_ssh_private_key_file={Path.Combine(lab.Directory, "client", "id_ed25519")}
            ansible_python_interpreter=/usr/bin/python
            """;
    }

    /// <summary>The same in Ansible's YAML format.</summary>
    private static string Yaml(Lab lab)
    {
        var nodes = lab.Inventory.Nodes;
        return $$"""
            all:
              vars:
                ansible_user: root
                ansible_ssh_private_key_file: {{Path.Combine(lab.Directory, "client", "id_ed25519")}}
                ansible_python_interpreter: /usr/bin/python
              children:
                openstack_control:
                  hosts:
                    {{nodes[0].Name}}: { ansible_host: {{nodes[0].Host}} }
                openstack_compute:
                  children:
                    computes_ubuntu:
                      hosts:
            {{string.Join("\n", nodes.Skip(1).Select(n => $"            {n.Name}:\n              ansible_host: {n.Host}"))}}
            """;
    }

    /// <summary>
    /// What the import leaves to the operator: the known_hosts that has these nodes, and the Calico sections (here the
    /// lab's own, whatever their shape, in place of the commented template).
    /// </summary>
    private static void FillInAsAnOperatorWould(string cluster, Lab lab)
    {
        var labInventory = new YamlStream();
        using (var reader = new StreamReader(lab.InventoryPath))
            labInventory.Load(reader);
        var sections = new YamlMappingNode();
        foreach (var (key, value) in ((YamlMappingNode)labInventory.Documents[0].RootNode).Children)
        {
            if (key.ToString() is not ("os" or "from" or "to" or "ssh" or "nodes" or "fanOut"))
                sections.Add(key, value);
        }

        using var text = new StringWriter();
        new YamlStream(new YamlDocument(sections)).Save(text, assignAnchors: false);
        var converted = File.ReadAllText(cluster).Replace("knownHostsFile: ~/.ssh/known_hosts", "knownHostsFile: known_hosts", StringComparison.Ordinal);
        File.WriteAllText(cluster, converted + "\n" + text.ToString().Replace("...\n", "", StringComparison.Ordinal));
    }
}
