using Saga.Activities.Inventory;
using Saga.Engine.Activities;

namespace Saga.Activities.Calico;

/// <summary>
/// The variables of a restore (<c>calico-restore</c> and its <c>calico-restore-node</c> children) beside those it takes
/// over from the run it compensates (<see cref="DowngradeVariables.Inventory"/>, <see cref="DowngradeVariables.Platforms"/>,
/// <see cref="DowngradeVariables.InstalledBefore"/>, and <see cref="DowngradeVariables.Run"/> = the run's id, which names
/// the backup folder on the nodes).
/// </summary>
public static class RestoreVariables
{
    /// <summary>The id of the run this restore compensates.</summary>
    public const string RestoreOf = "restoreOf";

    /// <summary>The nodes to restore, in order (compute nodes first, control nodes last).</summary>
    public const string Nodes = "restoreNodes";

    /// <summary>Each node's undo records, as the run's journal holds them: node -> records (<see cref="UndoRecord"/>).</summary>
    public const string Undo = "undo";

    /// <summary>The etcdv3 data the run deleted: an <see cref="UndoRecord.KeyPrefix"/> record (dump path and sha256, node in Before); absent when nothing was deleted.</summary>
    public const string EtcdV3Data = "etcdV3Restore";

    /// <summary>The Ready flag's value before the run: an <see cref="UndoRecord.Key"/> record; absent when the run did not change it or only some nodes are restored.</summary>
    public const string ReadyFlag = "readyFlagRestore";

    /// <summary>In a node's restore: set once a step changed the node (its services are then restarted).</summary>
    public const string Changed = "restoreChanged";

    /// <summary>In a node's restore: the <see cref="RestartRecord"/> of each service restarted, by service name.</summary>
    public const string Restarts = "restoreRestarts";

    /// <summary>
    /// Every name above: reserved like <see cref="DowngradeVariables.All"/>, since the undo records name the files a
    /// restore copies and removes as root, and the nodes it works on.
    /// </summary>
    public static IReadOnlyList<string> All { get; } = DowngradeVariables.NamesOf(typeof(RestoreVariables));

    /// <summary>The undo records of <paramref name="node"/>.</summary>
    public static IReadOnlyList<UndoRecord> GetUndo(this ActivityContext context, NodeSpec node) =>
        context.GetVariable<Dictionary<string, List<UndoRecord>>>(Undo)?.GetValueOrDefault(node.Name) ?? [];

    /// <summary>Says that a restore step changed the node.</summary>
    public static void MarkChanged(this ActivityContext context) => context.SetVariable(Changed, true);
}
