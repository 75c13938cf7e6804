using Saga.Activities.Inventory;
using Saga.Activities.Inventory.Ansible;

namespace Saga.Activities.Tests.Inventory.Ansible;

public sealed class AnsibleImportTests : IDisposable
{
    private const string Ini = """
        # hosts outside any section are ungrouped
        bastion.example.com

        [controllers]
        ctl-1 ansible_host=10.0.0.11

        [compute_a]
        cmp-1 ansible_host=10.0.0.21
        cmp-2:2222 ansible_host=10.0.0.22 ansible_user="ops" ntp_server=pool.example.com

        [compute_b]
        cmp-3 ansible_host=10.0.0.23

        [compute:children]
        compute_a
        compute_b

        [all:vars]
        ansible_user=root
        ansible_ssh_private_key_file=~/.ssh/id_ops

        [compute:vars]
        ansible_become=yes
        ansible_user=cloud
        """;

    private const string Yaml = """
        all:
          hosts:
            bastion.example.com:
          vars:
            ansible_user: root
            ansible_ssh_private_key_file: ~/.ssh/id_ops
          children:
            controllers:
              hosts:
                ctl-1:
                  ansible_host: 10.0.0.11
            compute:
              vars:
                ansible_become: yes
                ansible_user: cloud
              children:
                compute_a:
                  hosts:
                    cmp-1:
                      ansible_host: 10.0.0.21
                    cmp-2:2222:
                      ansible_host: 10.0.0.22
                      ansible_user: ops
                      ntp_server: pool.example.com
                compute_b:
                  hosts:
                    cmp-3: { ansible_host: 10.0.0.23 }
        """;

    private readonly string folder = Directory.CreateTempSubdirectory("saga-ansible-").FullName;

    [Theory]
    [InlineData("hosts.ini", Ini)]
    [InlineData("hosts.yml", Yaml)]
    public void Convert_GroupsChildrenAndVariables_BecomeNodesWithAnsiblesMergedSettings(string name, string text)
    {
        var result = AnsibleImport.Convert(Write(name, text), "controllers", "compute");

        Assert.Empty(result.Problems);
        var inventory = ParseWithoutCalicoSections(result.Yaml!);
        Assert.Equal(["ctl-1", "cmp-1", "cmp-2", "cmp-3"], inventory.Nodes.Select(n => n.Name));
        Assert.Equal(("control", "10.0.0.11", "root", 22), Describe(inventory.Node("ctl-1")));
        Assert.Equal(("compute", "10.0.0.21", "cloud", 22), Describe(inventory.Node("cmp-1"))); // compute's vars over all's
        Assert.Equal(("compute", "10.0.0.22", "ops", 2222), Describe(inventory.Node("cmp-2"))); // the host's own over its groups'
        Assert.All(inventory.Nodes, n => Assert.Equal(Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".ssh", "id_ops"), n.Ssh.PrivateKeyFile));
        Assert.True(inventory.Node("cmp-3").Ssh.Sudo);
        Assert.Contains("# etcd:", result.Yaml, StringComparison.Ordinal); // the Calico sections: a template to fill in
        Assert.Contains("not used by saga: ntp_server", result.Notes);
        Assert.Contains(result.Notes, n => n.Contains("left out", StringComparison.Ordinal) && n.Contains("bastion.example.com", StringComparison.Ordinal));
    }

    [Fact]
    public void Convert_GroupVarsFiles_OverrideTheInventoryFilesGroupVariables_AndHostVarsFilesOverrideEverything()
    {
        Directory.CreateDirectory(Path.Combine(folder, "group_vars"));
        Directory.CreateDirectory(Path.Combine(folder, "host_vars"));
        File.WriteAllText(Path.Combine(folder, "group_vars", "compute_b.yml"), "ansible_user: deploy\n");
        File.WriteAllText(Path.Combine(folder, "host_vars", "cmp-1"), "ansible_port: 2200\n");

        var result = AnsibleImport.Convert(Write("hosts", Ini), "controllers", "compute");

        var inventory = ParseWithoutCalicoSections(result.Yaml!);
        Assert.Equal("deploy", inventory.Node("cmp-3").Ssh.User);
        Assert.Equal(2200, inventory.Node("cmp-1").Ssh.Port);
    }

    [Theory]
    [InlineData("cmp-[1:9] ansible_host=10.0.0.2", "host range")]
    [InlineData("cmp-9 ansible_password=secret", "ansible_password is set; saga logs in with a key only")]
    [InlineData("cmp-9 ansible_ssh_common_args='-o ProxyJump=bastion'", "a ProxyJump or ProxyCommand here would be lost")]
    [InlineData("cmp-9 ansible_host='{{ lookup(\"env\", \"IP\") }}'", "is a Jinja2 template")]
    [InlineData("cmp-9 ansible_connection=local", "ansible_connection=local; saga reaches every node over SSH")]
    [InlineData("cmp-9 ansible_become_method=su", "saga becomes root with sudo -n only")]
    [InlineData("cmp-9 ansible_port=ssh", "'ssh' is not a port")]
    public void Convert_WhatSagaCannotFollow_IsReportedWithWhereAndNothingIsWritten(string line, string expected)
    {
        var result = AnsibleImport.Convert(Write("hosts", Ini.Replace("cmp-3 ansible_host=10.0.0.23", line, StringComparison.Ordinal)), "controllers", "compute");

        Assert.Null(result.Yaml);
        var problem = Assert.Single(result.Problems);
        Assert.StartsWith("hosts:", problem, StringComparison.Ordinal);
        Assert.Contains(expected, problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Convert_UnknownSectionKind_IsReported()
    {
        var result = AnsibleImport.Convert(Write("hosts", Ini + "\n[compute:extras]\nfoo=bar\n"), "controllers", "compute");

        Assert.Contains(result.Problems, p => p.Contains("':extras' is not a section kind", StringComparison.Ordinal));
    }

    [Fact]
    public void Convert_YamlGroupWithAnUnknownKey_IsReported()
    {
        var result = AnsibleImport.Convert(Write("hosts.yaml", Yaml.Replace("      vars:\n        ansible_become", "      hostz:\n        x:\n      vars:\n        ansible_become", StringComparison.Ordinal)),
            "controllers", "compute");

        Assert.Contains(result.Problems, p => p.Contains("'hostz' is not hosts, vars or children", StringComparison.Ordinal));
    }

    [Fact]
    public void Convert_MisspeltGroup_NamesTheClosestOne()
    {
        var result = AnsibleImport.Convert(Write("hosts", Ini), "controlers", "compute");

        Assert.Contains(result.Problems, p => p.Contains("--control controlers: the inventory has no such group (did you mean 'controllers'?)", StringComparison.Ordinal));
    }

    [Fact]
    public void Convert_HostInBothGroups_IsRefused()
    {
        var result = AnsibleImport.Convert(Write("hosts", Ini + "\n[controllers:children]\ncompute_b\n"), "controllers", "compute");

        Assert.Contains(result.Problems, p => p.StartsWith("cmp-3 is in both controllers and compute", StringComparison.Ordinal));
    }

    [Fact]
    public void Convert_VaultEncryptedGroupVars_IsReportedNotSkipped()
    {
        Directory.CreateDirectory(Path.Combine(folder, "group_vars"));
        File.WriteAllText(Path.Combine(folder, "group_vars", "all.yml"), "$ANSIBLE_VAULT;1.1;AES256\n6238\n");

        var result = AnsibleImport.Convert(Write("hosts", Ini), "controllers", "compute");

        Assert.Contains(result.Problems, p => p.StartsWith("group_vars/all.yml: vault-encrypted", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    /// <summary>The imported nodes as the loader reads them; the Calico sections the import leaves as a template are skipped.</summary>
    private ClusterInventory ParseWithoutCalicoSections(string yaml) =>
        InventoryLoader.Parse(new StringReader(yaml + "skip: [calicoctl, readyFlag, etcdCleanup]\n"), Path.Combine(folder, "cluster.yaml"));

    private static (string, string, string, int) Describe(NodeSpec node) => (node.RoleText, node.Host, node.Ssh.User, node.Ssh.Port);

    private string Write(string name, string text)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, text);
        return path;
    }
}
