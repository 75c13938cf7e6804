using System.Text;
using Saga.Activities.Inventory;

namespace Saga.Activities.Nodes;

/// <summary>
/// Several commands and file reads for one node, sent as one script in one round trip where the shell can (SSH), each
/// part still its own command: values stay positional parameters, every part runs whatever the others did, and each
/// comes back with what it printed and its exit status, as if it had run alone.
/// </summary>
public sealed class NodeBatch
{
    /// <summary>Exit status of a file read whose file does not exist.</summary>
    public const int Missing = 3;

    // Each part is "COUNT WORD..."; the words of a part are referred to as "${1}" "${2}"... and never parsed as shell text.
    // Its streams go to files and come back base64-encoded on one line, so any byte (and no newline) survives the framing.
    private const string Runner = """
        t=$(mktemp -d) || exit 125
        trap 'rm -rf "$t"' EXIT
        while [ $# -gt 0 ]; do
          n=$1; shift
          words=; i=1
          while [ "$i" -le "$n" ]; do words="$words \"\${$i}\""; i=$((i + 1)); done
          ( eval "exec $words" ) > "$t/o" 2> "$t/e" < /dev/null
          rc=$?
          shift "$n"
          printf 'saga-part %s %s %s\n' "$rc" "$(base64 < "$t/o" | tr -d '\n')" "$(base64 < "$t/e" | tr -d '\n')"
        done
        """;

    private const string ReadScript = """[ -e "$1" ] || exit 3; cat -- "$1" """;

    private readonly List<Part> parts = [];

    /// <summary>The parts, in order.</summary>
    public IReadOnlyList<Part> Parts => parts;

    /// <summary>Adds a command; its result is at the index this returns.</summary>
    public int Run(ShellCommand command)
    {
        if (command.Input is not null)
            throw new ArgumentException("A part of a batch reads no standard input.", nameof(command));
        parts.Add(new Part(command, null));
        return parts.Count - 1;
    }

    /// <summary>Adds a file read (with sudo, as <see cref="INodeShell.ReadFileAsync"/>); its result is at the index this returns.</summary>
    public int Read(string path)
    {
        parts.Add(new Part(ShellCommand.Script(true, ReadScript, path).ShownAs($"read {path}"), path));
        return parts.Count - 1;
    }

    /// <summary>Part by part, one round trip each: what a shell without a batch of its own does.</summary>
    public async Task<NodeBatchResult> RunEachAsync(INodeShell shell, NodeSpec node, CancellationToken cancellationToken)
    {
        var results = new List<PartResult>();
        foreach (var part in parts)
        {
            if (part.ReadPath is { } path)
            {
                var bytes = await shell.ReadFileAsync(node, path, cancellationToken);
                results.Add(new PartResult(new CommandResult(node.Name, part.Command.ToString(), bytes is null ? Missing : 0, "", "", TimeSpan.Zero), bytes));
            }
            else
            {
                results.Add(new PartResult(await shell.RunAsync(node, part.Command, cancellationToken), null));
            }
        }

        return new NodeBatchResult(results);
    }

    /// <summary>Every part in one script, in one round trip on <paramref name="shell"/>.</summary>
    public async Task<NodeBatchResult> RunAsOneScriptAsync(INodeShell shell, NodeSpec node, CancellationToken cancellationToken)
    {
        var arguments = new List<string>();
        foreach (var part in parts)
        {
            var words = Words(part.Command, node.Ssh.Sudo);
            arguments.Add(words.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
            arguments.AddRange(words);
        }

        var shown = string.Join("; ", parts.Select(p => p.Command.ToString()));
        var result = await shell.RunAsync(node, ShellCommand.Script(false, Runner, [.. arguments]).ShownAs(shown), cancellationToken);
        return new NodeBatchResult(Split(node, result));
    }

    /// <summary>The part's command as words: <c>sudo -n [NAME=VALUE...]</c> first when it is privileged and the node uses sudo.</summary>
    private static List<string> Words(ShellCommand command, bool sudo)
    {
        var environment = command.Environment.Select(e => $"{e.Key}={e.Value}").ToList();
        if (sudo && command.Privileged)
            return ["sudo", "-n", .. environment, .. command.Arguments];
        return environment.Count == 0 ? [.. command.Arguments] : ["env", .. environment, .. command.Arguments];
    }

    private List<PartResult> Split(NodeSpec node, CommandResult whole)
    {
        var lines = whole.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.StartsWith("saga-part ", StringComparison.Ordinal)).ToList();
        if (whole.ExitStatus != 0 || lines.Count != parts.Count)
        {
            throw new NodeException(node.Name,
                $"a batch of {parts.Count} command(s) came back with {lines.Count} result(s) and exit {whole.ExitStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "signal"}: {whole.Stderr.Trim()}",
                retryable: true);
        }

        var results = new List<PartResult>();
        for (var i = 0; i < parts.Count; i++)
        {
            var fields = lines[i].Split(' ');
            var exit = int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
            var stdout = Convert.FromBase64String(fields.Length > 2 ? fields[2] : "");
            var stderr = Encoding.UTF8.GetString(Convert.FromBase64String(fields.Length > 3 ? fields[3] : ""));
            var read = parts[i].ReadPath is not null;
            var result = new CommandResult(node.Name, parts[i].Command.ToString(), exit, read ? "" : Encoding.UTF8.GetString(stdout), stderr, whole.Elapsed);
            results.Add(new PartResult(result, read && exit == 0 ? stdout : null));
        }

        return results;
    }

    /// <summary>A command of the batch; a file read names its path.</summary>
    public sealed record Part(ShellCommand Command, string? ReadPath);
}

/// <summary>What one part of a batch did; a file read's bytes in <see cref="Content"/> (null: the file does not exist).</summary>
public sealed record PartResult(CommandResult Result, byte[]? Content);

/// <summary>The parts' results, in the batch's order.</summary>
public sealed class NodeBatchResult(IReadOnlyList<PartResult> results)
{
    public CommandResult this[int index] => results[index].Result;

    /// <summary>The bytes of a file read, null when the file does not exist; a read that failed otherwise throws.</summary>
    public byte[]? File(int index)
    {
        var part = results[index];
        if (part.Result.ExitStatus == NodeBatch.Missing)
            return null;
        part.Result.EnsureSuccess();
        return part.Content;
    }
}
