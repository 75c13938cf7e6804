using System.Text;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;

namespace Saga.Activities.Calico;

/// <summary>A package source file on a node, its bytes read as Latin-1 so that writing it back keeps every byte.</summary>
public sealed record SourceFile(string Path, string Text)
{
    public byte[] Bytes => Encoding.Latin1.GetBytes(Text);

    /// <summary>The files a fixed shell script lists (one path a line), each read whole.</summary>
    public static async Task<IReadOnlyList<SourceFile>> ReadAsync(INodeShell shell, NodeSpec node, string listScript, CancellationToken cancellationToken)
    {
        var listed = (await shell.RunAsync(node, ShellCommand.Script(false, listScript), cancellationToken)).EnsureSuccess();
        var files = new List<SourceFile>();
        foreach (var path in listed.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (await shell.ReadFileAsync(node, path, cancellationToken) is { } content)
                files.Add(new SourceFile(path, Encoding.Latin1.GetString(content)));
        }

        return files;
    }
}
