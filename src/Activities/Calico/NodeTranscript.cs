using System.Text;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;
using Saga.Engine.Secrets;

namespace Saga.Activities.Calico;

/// <summary>
/// What a step ran and saw on one node, in order; it becomes the step's journal output, secrets masked
/// (<see cref="SecretMask"/>). It also gathers what the step is about to change and how to put it back
/// (<see cref="Undo"/>), which the journal keeps with the node's result.
/// </summary>
public sealed class NodeTranscript(string node)
{
    private readonly StringBuilder text = new();
    private readonly List<UndoRecord> undo = [];

    public string Node => node;

    /// <summary>What the step recorded to undo, in the order it was recorded.</summary>
    public IReadOnlyList<UndoRecord> UndoRecords
    {
        get
        {
            lock (undo)
                return [.. undo];
        }
    }

    /// <summary>Records, before the step changes it, how to put <paramref name="record"/>'s target back; one record per target and kind.</summary>
    public void Undo(UndoRecord record)
    {
        lock (undo)
        {
            if (!undo.Any(u => u.Kind == record.Kind && u.Target == record.Target))
                undo.Add(record);
        }
    }

    public void Command(CommandResult result) => Append(result.Transcript());

    public void Note(string line) => Append("# " + line);

    public override string ToString() => text.ToString();

    private void Append(string block)
    {
        lock (text)
            text.Append(SecretMask.Apply(block.TrimEnd('\n'))).Append('\n');
    }
}
