using Saga.Activities.Inventory;
using Saga.Activities.Nodes;

namespace Saga.Activities.Tests.Support;

/// <summary>
/// A node that answers the commands it was told about, in order of registration, and refuses any other: a step that runs
/// something unexpected fails its test. Files are kept in memory; commands and writes are recorded.
/// </summary>
internal sealed class FakeNodeShell : INodeShell
{
    private readonly List<(string Fragment, Queue<CommandResultSpec> Answers)> answers = [];

    public Dictionary<string, byte[]> Files { get; } = new(StringComparer.Ordinal);

    /// <summary>Every command run, as the node's shell would receive it without sudo.</summary>
    public List<string> Commands { get; } = [];

    public List<string> Writes { get; } = [];

    /// <summary>Commands whose text contains <paramref name="fragment"/> get these answers in turn; the last one repeats.</summary>
    public FakeNodeShell On(string fragment, params CommandResultSpec[] results)
    {
        answers.Add((fragment, new Queue<CommandResultSpec>(results.Length == 0 ? [new CommandResultSpec()] : results)));
        return this;
    }

    /// <summary>Like <see cref="On"/>, ahead of the answers given before for the same fragment.</summary>
    public FakeNodeShell Replace(string fragment, params CommandResultSpec[] results)
    {
        answers.Insert(0, (fragment, new Queue<CommandResultSpec>(results.Length == 0 ? [new CommandResultSpec()] : results)));
        return this;
    }

    public FakeNodeShell WithFile(string path, string content) => WithFile(path, System.Text.Encoding.UTF8.GetBytes(content));

    public FakeNodeShell WithFile(string path, byte[] content)
    {
        Files[path] = content;
        return this;
    }

    public int Count(string fragment) => Commands.Count(c => c.Contains(fragment, StringComparison.Ordinal));

    public Task<CommandResult> RunAsync(NodeSpec node, ShellCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var text = command.Render(sudo: false);
        Commands.Add(text);
        foreach (var (fragment, queue) in answers)
        {
            if (!text.Contains(fragment, StringComparison.Ordinal))
                continue;
            var answer = queue.Count > 1 ? queue.Dequeue() : queue.Peek();
            return Task.FromResult(new CommandResult(node.Name, command.ToString(), answer.Exit, answer.Stdout, answer.Stderr, TimeSpan.Zero));
        }

        throw new InvalidOperationException($"{node.Name}: unexpected command {text}");
    }

    public Task<byte[]?> ReadFileAsync(NodeSpec node, string path, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Files.GetValueOrDefault(path));
    }

    public Task WriteFileAsync(NodeSpec node, string path, byte[] content, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Files[path] = content;
        Writes.Add(path);
        return Task.CompletedTask;
    }
}

/// <summary>What a fake command prints and how it exits.</summary>
internal sealed record CommandResultSpec(int Exit = 0, string Stdout = "", string Stderr = "");
