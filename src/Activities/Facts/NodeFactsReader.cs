using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;

namespace Saga.Activities.Facts;

/// <summary>Reads a node's facts: /etc/os-release, installed Calico packages, felix.cfg, calicoctl binaries.</summary>
public sealed class NodeFactsReader(INodeShell shell)
{
    public const string FelixConfigPath = "/etc/calico/felix.cfg";

    // POSIX sh (dash on Ubuntu): walk PATH by hand; print "path version" per calicoctl found.
    private const string FindCalicoctl = """
        IFS=:
        for d in $PATH; do
          if [ -x "$d/calicoctl" ]; then
            v=$("$d/calicoctl" version 2>/dev/null | sed -n 's/^Client Version:[[:space:]]*//p' | head -n 1)
            printf '%s %s\n' "$d/calicoctl" "$v"
          fi
        done
        exit 0
        """;

    /// <summary>The platform alone, from /etc/os-release.</summary>
    public async Task<NodePlatform> ReadPlatformAsync(NodeSpec node, CancellationToken cancellationToken)
    {
        var result = (await shell.RunAsync(node, ShellCommand.Plain("cat", "/etc/os-release"), cancellationToken)).EnsureSuccess();
        return NodePlatform.From(OsRelease.Parse(result.Stdout), node.Name);
    }

    /// <summary>Everything, with the packages of the node's role.</summary>
    public async Task<NodeFacts> ReadAsync(NodeSpec node, CancellationToken cancellationToken)
    {
        var platform = await ReadPlatformAsync(node, cancellationToken);
        return await ReadAsync(node, platform, CalicoPackages.For(node, platform.Family), cancellationToken);
    }

    /// <summary>Everything but the platform, which the caller already knows.</summary>
    public async Task<NodeFacts> ReadAsync(NodeSpec node, NodePlatform platform, IReadOnlyList<string> packages, CancellationToken cancellationToken)
    {
        var batch = new NodeBatch(); // one round trip
        var query = batch.Run(platform.Packages.QueryInstalled(packages));
        var felix = batch.Read(FelixConfigPath);
        var calicoctl = batch.Run(FindCalicoctlCommand);
        var parts = await shell.RunBatchAsync(node, batch, cancellationToken);
        return new NodeFacts(node.Name, platform, platform.Packages.ParseInstalled(parts[query].Stdout), parts.File(felix), ParseCalicoctl(parts[calicoctl]));
    }

    /// <summary>Every calicoctl on the login PATH, with the client version it reports.</summary>
    public async Task<IReadOnlyList<CalicoctlInstall>> ReadCalicoctlAsync(NodeSpec node, CancellationToken cancellationToken) =>
        ParseCalicoctl((await shell.RunAsync(node, FindCalicoctlCommand, cancellationToken)).EnsureSuccess());

    /// <summary>The command that lists every calicoctl on the login PATH, with the client version it reports.</summary>
    public static ShellCommand FindCalicoctlCommand { get; } = ShellCommand.Script(false, FindCalicoctl);

    /// <summary>What <see cref="FindCalicoctlCommand"/> printed, read.</summary>
    public static IReadOnlyList<CalicoctlInstall> ParseCalicoctl(CommandResult found) =>
        found.EnsureSuccess().Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(' ', 2))
            .Select(parts => new CalicoctlInstall(parts[0], parts.Length > 1 && parts[1].Trim().Length > 0 ? parts[1].Trim() : null))
            .ToList();
}
