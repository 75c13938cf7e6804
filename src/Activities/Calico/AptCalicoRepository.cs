using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;

namespace Saga.Activities.Calico;

/// <summary>Ubuntu: remove the 3.1 PPA list (named <c>-trusty</c> even on xenial); the 2.6 list is still there.</summary>
public sealed class AptCalicoRepository : ICalicoRepository
{
    public const string List31 = "/etc/apt/sources.list.d/project-calico-calico-3_1-trusty.list";

    private const string Find26 = """grep -l 'project-calico/calico-2.6' /etc/apt/sources.list.d/*.list /etc/apt/sources.list 2>/dev/null; exit 0""";

    public IReadOnlyList<string> Files => [List31];

    public string Plan => $"rm {List31}";

    public async Task<bool> PointAt26Async(INodeShell shell, NodeSpec node, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var lists = await shell.RunAsync(node, ShellCommand.Script(false, Find26), cancellationToken);
        if (lists.Stdout.Trim().Length == 0)
            throw new NodeException(node.Name, "no apt source for project-calico/calico-2.6 is configured; add the 2.6 PPA before downgrading", retryable: false);
        var exists = await shell.RunAsync(node, ShellCommand.Plain("test", "-e", List31), cancellationToken);
        if (exists.ExitStatus != 0)
        {
            transcript.Note($"{List31} is already gone; 2.6 source: {lists.Stdout.Trim()}");
            return false;
        }

        transcript.Command((await shell.RunAsync(node, ShellCommand.Sudo("rm", "-f", List31), cancellationToken)).EnsureSuccess());
        return true;
    }

    public Task<Func<AvailableVersion, bool>> Is26SourceAsync(INodeShell shell, NodeSpec node, CancellationToken cancellationToken) =>
        Task.FromResult<Func<AvailableVersion, bool>>(version => version.Source.Contains("/project-calico/calico-2.6/", StringComparison.Ordinal));
}
