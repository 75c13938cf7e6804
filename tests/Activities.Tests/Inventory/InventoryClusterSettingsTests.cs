using Saga.Activities.Inventory;

namespace Saga.Activities.Tests.Inventory;

/// <summary>The inventory's cluster-wide settings: two etcd clusters, neutron, verify, gates, skip, and nodes with both roles.</summary>
public sealed class InventoryClusterSettingsTests
{
    private const string Base = """
        calicoctl:
          source: https://example.org/calicoctl
          sha256: 0000000000000000000000000000000000000000000000000000000000000000
        etcd:
          runOn: ctl
          v2: { endpoints: [http://10.0.0.5:2379] }
          v3: { endpoints: [http://10.0.0.5:2379] }
        nodes:
          - name: ctl
            host: 10.0.0.11
            role: control
          - name: both
            host: 10.0.0.12
            role: [control, compute]
          - name: cmp
            host: 10.0.0.21
            role: compute
        """;

    [Fact]
    public void Parse_OneClusterNamedTwice_ServesBoth()
    {
        var inventory = Parse(Base);

        Assert.True(inventory.Etcd!.OneCluster);
        Assert.Equal("ctl", inventory.Etcd.RunOn);
    }

    [Fact]
    public void Parse_OldSingleEndpointsKey_IsRefusedShowingTheNewShape()
    {
        var text = Base.Replace("  v2: { endpoints: [http://10.0.0.5:2379] }\n  v3: { endpoints: [http://10.0.0.5:2379] }", "  endpoints: [http://10.0.0.5:2379]", StringComparison.Ordinal);

        var error = Assert.Throws<InventoryException>(() => Parse(text));

        var problem = Assert.Single(error.Problems, p => p.Contains("etcd.endpoints:", StringComparison.Ordinal));
        Assert.Contains("v2: { endpoints: [", problem, StringComparison.Ordinal);
        Assert.Contains("v3: { endpoints: [", problem, StringComparison.Ordinal);
        Assert.Contains("the same endpoints twice when one cluster serves both", problem, StringComparison.Ordinal);
        Assert.Contains(error.Problems, p => p.Contains("etcd.v2: is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_V3ClusterMissing_IsRefused()
    {
        var error = Assert.Throws<InventoryException>(() => Parse(Base.Replace("  v3: { endpoints: [http://10.0.0.5:2379] }\n", "", StringComparison.Ordinal)));

        Assert.Contains(error.Problems, p => p.Contains("etcd.v3: is required", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NoEtcdSection_IsAPlanTimeErrorUnlessBothEtcdStepsAreSkipped()
    {
        var withoutEtcd = Without(Base, "etcd:", 3);

        var error = Assert.Throws<InventoryException>(() => Parse(withoutEtcd));
        var onlyOne = Assert.Throws<InventoryException>(() => Parse("skip: [etcdCleanup]\n" + withoutEtcd));
        var skipped = Parse("skip: [etcdCleanup, readyFlag]\n" + withoutEtcd);

        Assert.Contains(error.Problems, p => p.Contains("etcd: is required", StringComparison.Ordinal) && p.Contains("skip: [readyFlag, etcdCleanup]", StringComparison.Ordinal));
        Assert.Contains(onlyOne.Problems, p => p.Contains("etcd: is required", StringComparison.Ordinal));
        Assert.Null(skipped.Etcd);
        Assert.Equal([SkipStep.EtcdCleanup, SkipStep.ReadyFlag], skipped.Skip);
    }

    [Fact]
    public void Parse_NoCalicoctlSection_IsAPlanTimeErrorUnlessSkipped()
    {
        var withoutCalicoctl = Without(Base, "calicoctl:", 2);

        var error = Assert.Throws<InventoryException>(() => Parse(withoutCalicoctl));
        var skipped = Parse("skip: calicoctl\n" + withoutCalicoctl);

        Assert.Contains(error.Problems, p => p.Contains("calicoctl: is required", StringComparison.Ordinal) && p.Contains("skip: [calicoctl]", StringComparison.Ordinal));
        Assert.True(skipped.Skips(SkipStep.Calicoctl));
    }

    [Fact]
    public void Parse_UnknownSkip_IsRefusedNamingTheChoices()
    {
        var error = Assert.Throws<InventoryException>(() => Parse("skip: [packages]\n" + Base));

        Assert.Contains(error.Problems, p => p.Contains("skip: 'packages' is not a step that can be skipped (etcdCleanup, readyFlag, calicoctl)", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NodeWithBothRoles_IsControlAndComputeAndComputeNodesListItFirst()
    {
        var inventory = Parse(Base);

        var both = inventory.Node("both");
        Assert.True(both.Is(NodeRole.Control) && both.Is(NodeRole.Compute));
        Assert.Equal("control+compute", both.RoleText);
        Assert.Equal(["ctl", "both"], inventory.ControlNodes.Select(n => n.Name));
        Assert.Equal(["both", "cmp"], inventory.ComputeNodes.Select(n => n.Name));
    }

    [Theory]
    [InlineData("role: [control, control]", "nodes[1].role: names a role twice")]
    [InlineData("role: [control, network]", "nodes[1].role: 'network' is not one of control, compute")]
    [InlineData("role: []", "nodes[1].role: is required")]
    public void Parse_BadRoleList_IsRefused(string role, string expected)
    {
        var error = Assert.Throws<InventoryException>(() => Parse(Base.Replace("role: [control, compute]", role, StringComparison.Ordinal)));

        Assert.Contains(error.Problems, p => p.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NeutronClusterWide_AppliesToEveryNodeAndANodesOwnReplacesIt()
    {
        var text = "neutron: { etcdPort: 2379 }\n" + Base.Replace("    role: compute", "    role: compute\n    neutron: { acceptDefaultPort: true }", StringComparison.Ordinal);

        var inventory = Parse(text);

        Assert.Equal(new NeutronSettings(2379, false), inventory.Node("ctl").Neutron);
        Assert.Equal(new NeutronSettings(null, true), inventory.Node("cmp").Neutron);
    }

    [Fact]
    public void Parse_NeutronWithBothChoices_IsRefused()
    {
        var error = Assert.Throws<InventoryException>(() => Parse("neutron: { etcdPort: 2379, acceptDefaultPort: true }\n" + Base));

        Assert.Contains(error.Problems, p => p.Contains("neutron.acceptDefaultPort: choose one", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_VerifyAndGates_AreRead()
    {
        var inventory = Parse("verify: { settle: 30s }\ngates: { afterCanary: true, beforeEtcdDelete: false }\n" + Base);

        Assert.Equal(TimeSpan.FromSeconds(30), inventory.Verify.Settle);
        Assert.Equal(new GateSettings(AfterCanary: true, BeforeEtcdDelete: false), inventory.Gates);
    }

    [Fact]
    public void Parse_EtcdUserOnEachCluster_NamesItsOwnPasswordVariable()
    {
        var error = Assert.Throws<InventoryException>(() => Parse(Base.Replace("v3: { endpoints: [http://10.0.0.5:2379] }", "v3: { endpoints: [http://10.0.0.5:2379], user: \"no way\" }", StringComparison.Ordinal)));

        Assert.Contains(error.Problems, p => p.Contains("etcd.v3.user: 'no way' is not a user name (the password comes from SAGA_ETCD_V3_PASSWORD)", StringComparison.Ordinal));
    }

    private static string Without(string text, string section, int lines)
    {
        var all = text.Split('\n').ToList();
        var at = all.IndexOf(section);
        all.RemoveRange(at, lines + 1);
        return string.Join('\n', all);
    }

    private static ClusterInventory Parse(string text) => InventoryLoader.Parse(new StringReader(text), Path.Combine(Path.GetTempPath(), "cluster.yaml"));
}
