using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Support;

/// <summary>Ready-made two-etcd inventories (a control and a compute node) and cluster contexts for unit tests of the cluster steps.</summary>
internal static class SomeCluster
{
    public const string InstanceId = "0123456789abcdef0123456789abcdef";

    public static readonly SshSettings Ssh = new("root", 22, "/keys/id", "/keys/known_hosts", Sudo: true, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(1));

    public static NodeSpec Node(string name, params NodeRole[] roles) => new(name, $"10.0.0.{Math.Abs(name.GetHashCode(StringComparison.Ordinal)) % 200 + 10}", roles, Ssh);

    /// <summary>ctl (control, runs etcdctl), cmp (compute); v2 at 10.0.0.5, v3 at 10.0.0.6.</summary>
    public static ClusterInventory Inventory(params NodeSpec[] nodes) => new()
    {
        SourcePath = "/inventories/cluster.yaml",
        Os = OsChoice.Auto,
        From = "3.1",
        To = "2.6",
        Calicoctl = new CalicoctlSettings("/inventories/calicoctl", new string('0', 64), "/usr/local/bin/calicoctl", ["ctl"], null),
        Etcd = new EtcdSettings("ctl", Cluster("http://10.0.0.5:2379"), Cluster("http://10.0.0.6:2379")),
        FanOut = new FanOutSettings(10, 1, 0),
        Verify = new VerifySettings(TimeSpan.FromMilliseconds(1)),
        Nodes = nodes.Length > 0 ? nodes : [Node("ctl", NodeRole.Control), Node("cmp", NodeRole.Compute)],
    };

    public static EtcdCluster Cluster(string endpoint, string? user = null) => new([endpoint], null, null, null, user);

    /// <summary>A context of the cluster's instance, with preflight's variables (every node CentOS 7).</summary>
    public static ActivityContext Context(ClusterInventory inventory, Action<JsonObject>? variables = null, string activityId = "step", TimeProvider? time = null)
    {
        var values = new JsonObject
        {
            [DowngradeVariables.Inventory] = JsonSerializer.SerializeToNode(inventory, JsonSerializerOptions.Web),
            [DowngradeVariables.Platforms] = JsonSerializer.SerializeToNode(inventory.Nodes.ToDictionary(n => n.Name, _ => "centos 7")),
            [DowngradeVariables.CalicoNames] = JsonSerializer.SerializeToNode(inventory.Nodes.ToDictionary(n => n.Name, n => new CalicoName(n.Name, null)), JsonSerializerOptions.Web),
        };
        variables?.Invoke(values);
        return Create(values, activityId, time);
    }

    /// <summary>A context of one node's child instance.</summary>
    public static ActivityContext NodeContext(ClusterInventory inventory, string node) =>
        Context(inventory with { Nodes = [inventory.Node(node)] }, v => v[DowngradeVariables.Node] = node);

    public static JsonNode Json<T>(T value) => JsonSerializer.SerializeToNode(value, JsonSerializerOptions.Web)!;

    // The engine keeps ActivityContext's constructor to itself; tests of single steps build one the way the runner does.
    private static ActivityContext Create(JsonObject variables, string activityId, TimeProvider? time)
    {
        var constructor = typeof(ActivityContext).GetConstructor(BindingFlags.Instance | BindingFlags.NonPublic, [typeof(string), typeof(string), typeof(JsonObject), typeof(JsonElement?), typeof(TimeProvider)])
                          ?? throw new InvalidOperationException("ActivityContext's constructor changed");
        return (ActivityContext)constructor.Invoke([InstanceId, activityId, variables, null, time ?? TimeProvider.System]);
    }
}
