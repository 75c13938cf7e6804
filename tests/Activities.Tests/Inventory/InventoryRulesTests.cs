using Microsoft.Extensions.Options;
using Saga.Activities.Inventory;

namespace Saga.Activities.Tests.Inventory;

/// <summary>
/// An inventory from the bus or the web names files on this host and paths on every node: only those the host's rules
/// allow. Each attack here is one a sender of a command could try.
/// </summary>
public sealed class InventoryRulesTests : IDisposable
{
    private readonly string root = Directory.CreateTempSubdirectory("saga-rules-").FullName;

    public InventoryRulesTests()
    {
        Directory.CreateDirectory(Folder);
        Directory.CreateDirectory(Outside);
        foreach (var file in new[] { "id_ed25519", "known_hosts", "calicoctl-v1.6.3" })
            File.WriteAllText(Path.Combine(Folder, file), "x");
        File.WriteAllText(Path.Combine(Outside, "secret"), "x");
    }

    private string Folder => Path.Combine(root, "inventories");

    private string Outside => Path.Combine(root, "elsewhere");

    [Fact]
    public void Check_keys_and_calicoctl_in_the_inventory_folder_installed_where_calicoctl_belongs_passes()
    {
        var inventory = Parse(Inventory());

        Assert.Same(inventory, Rules().Check(inventory));
    }

    [Theory]
    [InlineData("privateKeyFile", "/etc/ssh/ssh_host_ed25519_key")]
    [InlineData("privateKeyFile", "../elsewhere/secret")]
    [InlineData("knownHostsFile", "/etc/passwd")]
    [InlineData("privateKeyFile", "../inventories-evil/id_ed25519")] // a sibling whose name starts the same
    public void Check_key_file_outside_the_allowed_folders_is_refused_naming_it(string key, string path)
    {
        var inventory = Parse(Inventory(key == "privateKeyFile" ? path : "id_ed25519", key == "knownHostsFile" ? path : "known_hosts"));

        var refused = Assert.Throws<InventoryException>(() => Rules().Check(inventory));

        Assert.Contains($"ssh.{key} {Path.GetFullPath(path, Folder)} is not in a folder this host allows keys from", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_symbolic_link_in_the_folder_to_a_file_elsewhere_is_refused()
    {
        File.CreateSymbolicLink(Path.Combine(Folder, "innocent"), Path.Combine(Outside, "secret"));
        Directory.CreateSymbolicLink(Path.Combine(Folder, "keys"), Outside);

        var file = Assert.Throws<InventoryException>(() => Rules().Check(Parse(Inventory("innocent"))));
        var throughFolder = Assert.Throws<InventoryException>(() => Rules().Check(Parse(Inventory("keys/secret"))));

        Assert.Contains("ssh.privateKeyFile", file.Message, StringComparison.Ordinal);
        Assert.Contains("ssh.privateKeyFile", throughFolder.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_key_in_a_configured_key_folder_passes_and_the_defaults_no_longer_apply()
    {
        var rules = Rules(new InventoriesOptions { Directory = Folder, AllowedKeyDirectories = [Outside] });

        rules.Check(Parse(Inventory("../elsewhere/secret", "../elsewhere/secret")));
        Assert.Throws<InventoryException>(() => rules.Check(Parse(Inventory())));
    }

    [Theory]
    [InlineData("http://attacker.test/calicoctl", "is plain http")]
    [InlineData("/usr/bin/id", "is not in the inventory folder")]
    [InlineData("../elsewhere/secret", "is not in the inventory folder")]
    public void Check_calicoctl_source_neither_https_nor_in_the_inventory_folder_is_refused(string source, string why)
    {
        var refused = Assert.Throws<InventoryException>(() => Rules().Check(Parse(Inventory(source: source))));

        Assert.Contains("calicoctl.source", refused.Message, StringComparison.Ordinal);
        Assert.Contains(why, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_calicoctl_from_an_https_url_passes()
    {
        Rules().Check(Parse(Inventory(source: "https://github.com/projectcalico/calicoctl/releases/download/v1.6.3/calicoctl")));
    }

    [Theory]
    [InlineData("/etc/cron.d/x")]
    [InlineData("/usr/local/bin/../../../etc/cron.d/x")]
    [InlineData("/root/.ssh/authorized_keys")]
    public void Check_calicoctl_installed_anywhere_but_where_calicoctl_belongs_is_refused(string installPath)
    {
        var refused = Assert.Throws<InventoryException>(() => Rules().Check(Parse(Inventory(installPath: installPath))));

        Assert.Contains($"calicoctl.installPath {installPath} is not one this host allows", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_inventory_file_outside_the_inventory_folder_is_refused()
    {
        var elsewhere = Path.Combine(Outside, "cluster.yaml");
        File.WriteAllText(elsewhere, Inventory());

        var refused = Assert.Throws<InventoryException>(() => Rules().Load(elsewhere));
        var unset = Assert.Throws<InventoryException>(() => Rules(new InventoriesOptions()).Load(elsewhere));

        Assert.Contains($"not in the inventory folder {Folder}", refused.Message, StringComparison.Ordinal);
        Assert.Contains("none is set (Saga:Inventories:Directory)", unset.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_inventory_in_the_folder_by_its_name_loads_it()
    {
        File.WriteAllText(Path.Combine(Folder, "cluster.yaml"), Inventory());

        var inventory = Rules().Load("cluster.yaml");

        Assert.Equal(Path.Combine(Folder, "cluster.yaml"), inventory.SourcePath);
    }

    public void Dispose() => Directory.Delete(root, recursive: true);

    private InventoryRules Rules(InventoriesOptions? options = null) =>
        new(Options.Create(options ?? new InventoriesOptions { Directory = Folder }), Options.Create(new CalicoctlOptions()));

    private ClusterInventory Parse(string text) => InventoryLoader.Parse(new StringReader(text), Path.Combine(Folder, "cluster.yaml"));

    private static string Inventory(string key = "id_ed25519", string knownHosts = "known_hosts", string source = "calicoctl-v1.6.3", string installPath = "/usr/local/bin/calicoctl") => $"""
        os: auto
        from: "3.1"
        to: "2.6"
        ssh:
          privateKeyFile: {key}
          knownHostsFile: {knownHosts}
        calicoctl:
          source: {source}
          sha256: 0000000000000000000000000000000000000000000000000000000000000000
          installPath: {installPath}
          nodes: control
        etcd:
          runOn: ctl-1
          v2:
            endpoints: [http://10.0.0.5:2379]
          v3:
            endpoints: [http://10.0.0.5:2379]
        nodes:
          - name: ctl-1
            host: 10.0.0.11
            role: control
        """;
}
