using System.Text;
using Saga.Activities.Nodes;
using Saga.Engine.Secrets;

namespace Saga.Activities.Calico;

/// <summary>What a step ran and saw on one node, in order; it becomes the step's journal output, secrets masked (<see cref="SecretMask"/>).</summary>
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
            text.Append(SecretMask.Apply(block.TrimEnd('\n'))).Append('\n');
    }
}
