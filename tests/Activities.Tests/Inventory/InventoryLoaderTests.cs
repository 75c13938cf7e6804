using Saga.Activities.Inventory;
using Saga.Activities.Tests.Support;

namespace Saga.Activities.Tests.Inventory;

public sealed class InventoryLoaderTests
{
    private const string Valid = """
        os: auto
        from: "3.1"
        to: "2.6"
        ssh:
          user: root
          privateKeyFile: keys/id_ed25519
          knownHostsFile: known_hosts
          connectTimeout: 5s
        calicoctl:
          source: calicoctl-v1.6.3
          sha256: 0000000000000000000000000000000000000000000000000000000000000000
          nodes: control
        felix:
          etcdEndpoints: http://10.0.0.5:2379,http://10.0.0.6:2379
        etcd:
          v2:
            endpoints: [https://10.0.0.5:2379]
            caCertFile: /etc/calico/ca.pem
          v3:
            endpoints: [https://10.0.0.6:2379]
            user: calico
        fanOut:
          parallel: 25
          canary: 2
          maxFailures: 1
        nodes:
          - name: ctl-1
            host: 10.0.0.11
            role: control
          - name: cmp-1
            host: 10.0.0.21
            role: compute
            port: 2222
            ssh:
              user: ops
              sudo: true
        """;

    [Fact]
    public void Parse_Valid_ReadsEverySettingAndResolvesPathsAgainstTheFile()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "calicoctl-v1.6.3"), "binary");

        var inventory = Parse(Valid, folder.Path);

        Assert.Equal(OsChoice.Auto, inventory.Os);
        Assert.Equal((25, 2, 1), (inventory.FanOut.Parallel, inventory.FanOut.Canary, inventory.FanOut.MaxFailures));
        Assert.Equal(["ctl-1", "cmp-1"], inventory.Nodes.Select(n => n.Name));
        var ctl = inventory.Node("ctl-1");
        Assert.Equal([NodeRole.Control], ctl.Roles);
        Assert.Equal(("root", 22, TimeSpan.FromSeconds(5)), (ctl.Ssh.User, ctl.Ssh.Port, ctl.Ssh.ConnectTimeout));
        Assert.Equal(Path.Combine(folder.Path, "keys", "id_ed25519"), ctl.Ssh.PrivateKeyFile);
        var cmp = inventory.Node("cmp-1");
        Assert.Equal(("ops", 2222, TimeSpan.FromSeconds(5)), (cmp.Ssh.User, cmp.Ssh.Port, cmp.Ssh.ConnectTimeout));
        Assert.Equal(["ctl-1"], inventory.Calicoctl!.Nodes);
        Assert.Equal("/usr/local/bin/calicoctl", inventory.Calicoctl.InstallPath);
        Assert.Equal("ctl-1", inventory.Etcd!.RunOn);
        Assert.Equal(["https://10.0.0.5:2379"], inventory.Etcd.V2.Endpoints);
        Assert.Equal(("/etc/calico/ca.pem", null), (inventory.Etcd.V2.CaCertFile, inventory.Etcd.V2.User));
        Assert.Equal(["https://10.0.0.6:2379"], inventory.Etcd.V3.Endpoints);
        Assert.Equal((null, "calico"), (inventory.Etcd.V3.CaCertFile, inventory.Etcd.V3.User));
        Assert.False(inventory.Etcd.OneCluster);
        Assert.Equal((TimeSpan.FromSeconds(10), false, true), (inventory.Verify.Settle, inventory.Gates.AfterCanary, inventory.Gates.BeforeEtcdDelete));
        Assert.Empty(inventory.Skip);
        Assert.Equal(NeutronSettings.Unset, ctl.Neutron);
        Assert.Equal("http://10.0.0.5:2379,http://10.0.0.6:2379", inventory.FelixEtcdEndpoints);
    }

    [Fact]
    public void Parse_UnknownKey_IsRefusedWithLineAndFieldPath()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "calicoctl-v1.6.3"), "binary");

        var error = Assert.Throws<InventoryException>(() => Parse(Valid.Replace("    role: control", "    role: control\n    rack: r12", StringComparison.Ordinal), folder.Path));

        var problem = Assert.Single(error.Problems);
        Assert.StartsWith("cluster.yaml:30:5: nodes[0].rack: unknown setting", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MisspeltKey_NamesTheClosestKnownKey()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "calicoctl-v1.6.3"), "binary");

        var error = Assert.Throws<InventoryException>(() => Parse(Valid.Replace("    host: 10.0.0.11", "    hots: 10.0.0.11", StringComparison.Ordinal), folder.Path));

        Assert.Contains(error.Problems, p => p.Contains("nodes[0].hots: unknown setting (did you mean 'host'?)", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("  parallel: 25", "  parallel: lots", "fanOut.parallel: 'lots' is not a whole number from 1 to 1000")]
    [InlineData("    role: compute", "    role: storage", "nodes[1].role: 'storage' is not one of control, compute")]
    [InlineData("  connectTimeout: 5s", "  connectTimeout: soon", "ssh.connectTimeout: 'soon' is not a duration")]
    [InlineData("    caCertFile: /etc/calico/ca.pem", "    caCertFile: /etc/calico/ca.pem; rm -rf /", "etcd.v2.caCertFile: '/etc/calico/ca.pem; rm -rf /' is not an absolute path")]
    [InlineData("  - name: cmp-1", "  - name: cmp 1;reboot", "nodes[1].name: 'cmp 1;reboot' is not a node name")]
    [InlineData("    host: 10.0.0.11", "    host: $(reboot)", "nodes[0].host: '$(reboot)' is not a host name or address")]
    [InlineData("    endpoints: [https://10.0.0.5:2379]", "    endpoints: {a: b}", "etcd.v2.endpoints: expected a value or a list of values, found a mapping")]
    [InlineData("to: \"2.6\"", "to: \"3.0\"", "to: only a downgrade from 3.1 to 2.6 is supported")]
    [InlineData("  maxFailures: 1", "  maxFailures: 1\n  onNodeFailure: rollback", "fanOut.onNodeFailure: 'rollback' is not one of stop, restore")]
    [InlineData("  maxFailures: 1", "  maxFailures: 1\n  onNodeFailure: 1", "fanOut.onNodeFailure: '1' is not one of stop, restore")]
    public void Parse_WrongValue_IsRefusedNamingTheField(string line, string replacement, string expected)
    {
        var error = Assert.Throws<InventoryException>(() => Parse(Valid.Replace(line, replacement, StringComparison.Ordinal)));

        Assert.Contains(error.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_OnNodeFailure_IsStopUnlessTheFanOutSaysRestore()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "calicoctl-v1.6.3"), "binary");

        var restore = Parse(Valid.Replace("  maxFailures: 1", "  maxFailures: 1\n  onNodeFailure: restore", StringComparison.Ordinal), folder.Path);

        Assert.Equal(NodeFailureAction.Stop, Parse(Valid, folder.Path).FanOut.OnNodeFailure);
        Assert.Equal(NodeFailureAction.Restore, restore.FanOut.OnNodeFailure);
        Assert.Equal(NodeFailureAction.Restore, restore.FanOut.With(5, null, null).OnNodeFailure); // an override of the others keeps it
    }

    [Fact]
    public void Parse_VerifySettle_IsReadAsADuration()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "calicoctl-v1.6.3"), "binary");

        var inventory = Parse(Valid + "\nverify:\n  settle: 2.5s\n", folder.Path);

        Assert.Equal(TimeSpan.FromSeconds(2.5), inventory.Verify.Settle);
    }

    [Fact]
    public void Parse_NoVerifySection_SettlesForTenSeconds()
    {
        using var folder = new TempFolder();
        File.WriteAllText(Path.Combine(folder.Path, "calicoctl-v1.6.3"), "binary");

        Assert.Equal(TimeSpan.FromSeconds(10), Parse(Valid, folder.Path).Verify.Settle);
    }

    [Theory]
    [InlineData("verify:\n  settle: soon", "verify.settle: 'soon' is not a duration")]
    [InlineData("verify:\n  settle: 0s", "verify.settle: '0s' is not a duration")]
    [InlineData("verify:\n  settle: 2h", "verify.settle: '02:00:00' is longer than 00:10:00")]
    [InlineData("verify:\n  setle: 10s", "verify.setle: unknown setting")]
    [InlineData("verify: 10s", "verify: expected a mapping of settings")]
    public void Parse_WrongVerifySettings_AreRefusedNamingTheField(string section, string expected)
    {
        var error = Assert.Throws<InventoryException>(() => Parse(Valid + "\n" + section + "\n"));

        Assert.Contains(error.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_DuplicateNamesAndMissingRole_AreAllReportedAtOnce()
    {
        var text = Valid.Replace("  - name: cmp-1", "  - name: ctl-1", StringComparison.Ordinal) + "\n  - name: cmp-9\n    host: 10.0.0.29\n";

        var error = Assert.Throws<InventoryException>(() => Parse(text));

        Assert.Contains(error.Problems, p => p.Contains("nodes[2].role: is required", StringComparison.Ordinal));
        Assert.Contains(error.Problems, p => p.Contains("nodes: the name 'ctl-1' is used by 2 nodes", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_MissingCalicoctlFile_IsRefused()
    {
        var error = Assert.Throws<InventoryException>(() => Parse(Valid));

        Assert.Contains(error.Problems, p => p.Contains("calicoctl.source: the file", StringComparison.Ordinal) && p.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NotYaml_SaysWhere()
    {
        var error = Assert.Throws<InventoryException>(() => Parse("nodes: [\n  - name: x\n"));

        Assert.StartsWith("cluster.yaml:", Assert.Single(error.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_SaysSo()
    {
        var error = Assert.Throws<InventoryException>(() => InventoryLoader.Load("/nonexistent/cluster.yaml"));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ExampleInventory_InTheRepository_IsValid()
    {
        var example = Path.Combine(AppContext.BaseDirectory, "Fixtures", "..", "..", "..", "..", "..", "..", "examples", "cluster.yaml");
        var inventory = InventoryLoader.Load(example);

        Assert.NotEmpty(inventory.ControlNodes);
        Assert.NotEmpty(inventory.ComputeNodes);
    }

    private static ClusterInventory Parse(string text, string? folder = null) =>
        InventoryLoader.Parse(new StringReader(text), Path.Combine(folder ?? Path.GetTempPath(), "cluster.yaml"));
}
