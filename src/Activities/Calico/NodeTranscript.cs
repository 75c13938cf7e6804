using System.Text;
using Saga.Activities.Nodes;

namespace Saga.Activities.Calico;

/// <summary>What a step ran and saw on one node, in order; it becomes the step's journal output.</summary>
public sealed class NodeTranscript(string node)
{
    private readonly StringBuilder text = new();

    public string Node => node;

    public void Command(CommandResult result) => Append(result.Transcript());

    public void Note(string line) => Append("# " + line);

    public override string ToString() => text.ToString();

    private void Append(string block)
    {
        lock (text)
            text.Append(block.TrimEnd('\n')).Append('\n');
    }
}
