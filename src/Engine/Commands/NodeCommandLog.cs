using Microsoft.Extensions.Options;
using Saga.Engine.Runtime;
using Saga.Engine.Secrets;

namespace Saga.Engine.Commands;

/// <summary>
/// Where the node shell reports each remote command. A command reported while an activity runs (on the activity's own
/// async flow, or a task it started) is kept in memory, masked and bounded, and written with that activity's
/// checkpoint in the same transaction: no store round trip per command. One reported outside an activity (a plan,
/// a check before a restore starts) is not kept. An instance keeps at most <see cref="EngineOptions.CommandsPerInstance"/>.
/// </summary>
public sealed class NodeCommandLog(IOptions<EngineOptions> options)
{
    /// <summary>Characters of a command's text kept (a long script is cut).</summary>
    public const int CommandLength = 2000;

    private static readonly AsyncLocal<CommandBuffer?> Current = new();

    /// <summary>
    /// Records a command for the activity running on this flow; <paramref name="output"/> is masked and cut to its head
    /// and tail (<see cref="EngineOptions.CommandExcerptLength"/>). Null output: nothing of it is kept.
    /// </summary>
    public void Record(string node, string command, int? exitCode, DateTime startedAt, TimeSpan duration, string? output)
    {
        if (Current.Value is not { } buffer)
            return;
        var text = SecretMask.Apply(command) ?? "";
        if (text.Length > CommandLength)
            text = text[..CommandLength] + " ...";
        var excerpt = OutputExcerpt.Bound(SecretMask.Apply(output), options.Value.CommandExcerptLength);
        buffer.Add(new NodeCommand(node, text, exitCode, startedAt, duration, string.IsNullOrEmpty(excerpt) ? null : excerpt));
    }

    /// <summary>Collects what the activity about to run on the caller's flow reports into <paramref name="buffer"/>.</summary>
    internal static void Begin(CommandBuffer buffer) => Current.Value = buffer;
}

/// <summary>One activity run's commands, as reported from any of its tasks, up to <paramref name="capacity"/>.</summary>
internal sealed class CommandBuffer(int capacity)
{
    /// <summary>The most one activity run keeps: the checkpoint sends them in one statement, within every provider's parameter limit.</summary>
    public const int MaxPerActivity = 2000;

    private readonly List<NodeCommand> commands = [];
    private readonly Lock gate = new();

    /// <summary>Commands past the capacity, not kept.</summary>
    public int Dropped { get; private set; }

    public void Add(NodeCommand command)
    {
        lock (gate)
        {
            if (commands.Count < capacity)
                commands.Add(command);
            else
                Dropped++;
        }
    }

    public IReadOnlyList<NodeCommand> Take()
    {
        lock (gate)
            return [.. commands];
    }
}
