using System.Collections.Concurrent;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;

namespace Saga.Activities.Tests.Support;

/// <summary>
/// A node shell that answers from a script instead of SSH: each command is matched against the answers registered
/// with <see cref="On"/> (answers limited by <c>times</c> first, in order, until used up; then the last unlimited
/// match), and every command, read and write is recorded. Files live in memory per node.
/// </summary>
internal sealed class ScriptedNodeShell : INodeShell
{
    private readonly List<Answer> answers = [];
    private readonly List<(string Fragment, Action<ScriptedNodeShell, string, ShellCommand> Effect)> effects = [];
    private readonly ConcurrentDictionary<(string Node, string Path), byte[]> files = new();

    public ConcurrentQueue<(string Node, ShellCommand Command)> Runs { get; } = new();

    public ConcurrentQueue<(string Node, string Path, byte[] Content)> Writes { get; } = new();

    /// <summary>Every command as the node would receive it (rendered with sudo).</summary>
    public IReadOnlyList<string> Rendered => Runs.Select(r => r.Command.Render(sudo: true)).ToList();

    /// <summary>Answers commands whose text (as shown, or as rendered) contains <paramref name="fragment"/>.</summary>
    public ScriptedNodeShell On(string fragment, int exit = 0, string stdout = "", string stderr = "", int times = int.MaxValue, string? node = null)
    {
        lock (answers)
            answers.Add(new Answer(fragment, exit, stdout, stderr, times, node));
        return this;
    }

    /// <summary>Commands that contain <paramref name="fragment"/> also do <paramref name="effect"/> (write a file, say).</summary>
    public ScriptedNodeShell Doing(string fragment, Action<ScriptedNodeShell, string, ShellCommand> effect)
    {
        lock (answers)
            effects.Add((fragment, effect));
        return this;
    }

    public ScriptedNodeShell WithFile(string node, string path, string content) => WithFile(node, path, System.Text.Encoding.UTF8.GetBytes(content));

    public ScriptedNodeShell WithFile(string node, string path, byte[] content)
    {
        files[(node, path)] = content;
        return this;
    }

    public byte[]? File(string node, string path) => files.GetValueOrDefault((node, path));

    public int Count(string fragment) => Runs.Count(r => r.Command.ToString().Contains(fragment, StringComparison.Ordinal));

    public Task<CommandResult> RunAsync(NodeSpec node, ShellCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Runs.Enqueue((node.Name, command));
        var shown = command.ToString();
        var rendered = command.Render(sudo: true);
        Answer? answer;
        List<Action<ScriptedNodeShell, string, ShellCommand>> todo;
        lock (answers)
        {
            todo = effects.Where(e => shown.Contains(e.Fragment, StringComparison.Ordinal)).Select(e => e.Effect).ToList();
            var matching = answers.Where(a => a.Times > 0 && (a.Node is null || a.Node == node.Name)
                                              && (shown.Contains(a.Fragment, StringComparison.Ordinal) || rendered.Contains(a.Fragment, StringComparison.Ordinal))).ToList();
            answer = matching.FirstOrDefault(a => a.Times != int.MaxValue) ?? matching.LastOrDefault();
            if (answer is not null && answer.Times != int.MaxValue)
                answer.Times--;
        }

        foreach (var effect in todo)
            effect(this, node.Name, command);

        return Task.FromResult(new CommandResult(node.Name, shown, answer?.Exit ?? 0, answer?.Stdout ?? "", answer?.Stderr ?? "", TimeSpan.Zero));
    }

    public Task<byte[]?> ReadFileAsync(NodeSpec node, string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(files.GetValueOrDefault((node.Name, path)));
    }

    public Task WriteFileAsync(NodeSpec node, string path, byte[] content, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Writes.Enqueue((node.Name, path, content));
        files[(node.Name, path)] = content;
        return Task.CompletedTask;
    }

    private sealed class Answer(string fragment, int exit, string stdout, string stderr, int times, string? node)
    {
        public string? Node { get; } = node;

        public string Fragment { get; } = fragment;

        public int Exit { get; } = exit;

        public string Stdout { get; } = stdout;

        public string Stderr { get; } = stderr;

        public int Times { get; set; } = times;
    }
}
