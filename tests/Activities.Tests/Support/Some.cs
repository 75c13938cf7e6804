using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Support;

/// <summary>Ready-made inventories, nodes and activity contexts for the steps' tests.</summary>
internal static class Some
{
    public static NodeSpec Node(string name = "cmp-1", NodeRole role = NodeRole.Compute) =>
        new(name, "10.0.0.21", role, new SshSettings("root", 22, "/keys/id", "/keys/known_hosts", Sudo: true, TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10)));

    public static ClusterInventory Inventory(params NodeSpec[] nodes) => new()
    {
        SourcePath = "/tmp/cluster.yaml",
        Os = OsChoice.Auto,
        From = "3.1",
        To = "2.6",
        Calicoctl = null,
        Etcd = null,
        FanOut = new FanOutSettings(10, 1, 0),
        Verify = new VerifySettings(TimeSpan.Zero),
        Nodes = nodes.Length == 0 ? [Node()] : nodes,
    };

    /// <summary>The context a compute node's instance gives its steps: the node, its platform, what preflight recorded.</summary>
    public static ActivityContext ComputeContext(string platform, IReadOnlyDictionary<string, string>? installedBefore = null, TimeProvider? time = null, NodeSpec? node = null)
    {
        node ??= Node();
        return Context(new Dictionary<string, object?>
        {
            [DowngradeVariables.Inventory] = Inventory(node),
            [DowngradeVariables.Platforms] = new Dictionary<string, string> { [node.Name] = platform },
            [DowngradeVariables.Node] = node.Name,
            [DowngradeVariables.InstalledBefore] = new Dictionary<string, IReadOnlyDictionary<string, string>> { [node.Name] = installedBefore ?? new Dictionary<string, string>() },
        }, time);
    }

    /// <summary>
    /// An activity context with these variables. The engine keeps ActivityContext's constructor to itself (only its
    /// runner makes one), so the tests reach it by reflection rather than widen the engine's public surface.
    /// </summary>
    public static ActivityContext Context(IReadOnlyDictionary<string, object?> variables, TimeProvider? time = null, string instanceId = "0123456789abcdef0123456789abcdef")
    {
        var json = JsonSerializer.SerializeToNode(variables, JsonSerializerOptions.Web)!.AsObject();
        var constructor = typeof(ActivityContext).GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance).Single();
        return (ActivityContext)constructor.Invoke([instanceId, "test-step", json, null, time ?? TimeProvider.System]);
    }

    public static CancellationToken Cancelled { get; } = new(canceled: true);
}
