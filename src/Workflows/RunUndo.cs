using Saga.Activities.Steps.Cluster;
using Saga.Engine.Activities;
using Saga.Engine.Instances;

namespace Saga.Workflows;

/// <summary>
/// What a downgrade run recorded to undo, gathered from its journal and its nodes' journals: each node's records (the
/// first record of each file, service and package set: the state before the run), which nodes a step changed (beyond
/// preflight's copies), the etcdv3 data it deleted and the Ready flag it changed.
/// </summary>
public sealed record RunUndo(
    IReadOnlyDictionary<string, List<UndoRecord>> Nodes,
    IReadOnlySet<string> Changed,
    UndoRecord? EtcdV3Data,
    UndoRecord? ReadyFlag)
{
    /// <summary>Reads the records of the run and of its child instances, oldest first.</summary>
    public static async Task<RunUndo> ReadAsync(IWorkflowInstances instances, InstanceDetails run, CancellationToken cancellationToken)
    {
        var journal = run.Journal.ToList();
        foreach (var child in await instances.ListChildrenAsync(run.Summary.Id, cancellationToken))
        {
            if (await instances.GetAsync(child.Id, cancellationToken) is { } details)
                journal.AddRange(details.Journal);
        }

        return From(journal.OrderBy(e => e.StartedAt).ThenBy(e => e.Sequence));
    }

    /// <summary>The records of journal entries in the order they ran.</summary>
    public static RunUndo From(IEnumerable<JournalEntry> journal)
    {
        var nodes = new Dictionary<string, List<UndoRecord>>();
        var changed = new HashSet<string>(StringComparer.Ordinal);
        UndoRecord? etcd = null, ready = null;
        foreach (var entry in journal)
        {
            foreach (var result in entry.Nodes.Where(n => n.Undo is not null))
            {
                foreach (var record in result.Undo!)
                {
                    switch (record.Kind)
                    {
                        case UndoRecord.KeyPrefix:
                            etcd = record; // the dump of the delete that ran last
                            continue;
                        case UndoRecord.Key:
                            ready ??= record;
                            continue;
                    }

                    var list = nodes.TryGetValue(result.Node, out var l) ? l : nodes[result.Node] = [];
                    if (!list.Any(r => r.Kind == record.Kind && r.Target == record.Target))
                        list.Add(record);
                    if (entry.ActivityType != nameof(Preflight))
                        changed.Add(result.Node);
                }
            }
        }

        return new RunUndo(nodes, changed, etcd, ready);
    }
}
