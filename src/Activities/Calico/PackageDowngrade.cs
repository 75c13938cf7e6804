using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Packages;

namespace Saga.Activities.Calico;

/// <summary>
/// Downgrades one node's role packages to exactly the locked 2.6 set, in one non-interactive transaction run detached
/// on the node (<see cref="DetachedTransactions"/>), after checking what is there:
/// <list type="number">
/// <item>a transaction this step started in an earlier attempt (a dropped session, a killed saga) is waited for, never
/// started a second time;</item>
/// <item>any other package operation (another tool, a person) is waited for;</item>
/// <item>a transaction left unfinished (a reboot, an OOM kill: dpkg's interrupted journal and unpacked, half-configured
/// or trigger states, yum's transaction files) is completed first (<c>dpkg --configure -a</c>,
/// <c>yum-complete-transaction -y</c>), or the step stops with the command a person runs;</item>
/// <item>packages already at their 2.6 version are left alone; a half-installed one is installed again at its locked
/// version; anything else left part-way is reported as such, never counted as done.</item>
/// </list>
/// </summary>
public sealed class PackageDowngrade(INodeShell shell, TimeProvider time, PackageWaits? waits = null)
{
    private readonly PackageWaits waits = waits ?? PackageWaits.Default;

    public async Task<IReadOnlyList<PackageVersion>> DowngradeAsync(
        NodeSpec node, NodePlatform platform, VersionSet versions, IReadOnlyList<string> packages, TransactionPlace place, NodeTranscript transcript, CancellationToken cancellationToken,
        Func<IReadOnlyList<PackageVersion>, ShellCommand>? install = null)
    {
        var transactions = new DetachedTransactions(shell, time, waits);
        var manager = platform.Packages;

        await FinishEarlierTransactionAsync(node, transactions, place, transcript, cancellationToken);
        await WaitUntilIdleAsync(node, platform, transcript, cancellationToken);
        var left = await CompleteInterruptedAsync(node, manager, transactions, place, transcript, cancellationToken);

        var installed = await InstalledAsync(node, platform, packages, transcript, cancellationToken);
        var foreign = left.ReinstallOnly.Where(p => !packages.Contains(p)).ToList();
        if (foreign.Count > 0)
            throw new NodeException(node.Name, $"dpkg says {string.Join(", ", foreign)} must be installed again, and that is not one of the Calico packages; reinstall it by hand, then resume", retryable: false);
        var stuck = installed.PartWay.Values.Where(p => !p.NeedsReinstall || versions.VersionOf(p.Package) is null).ToList();
        if (stuck.Count > 0)
        {
            throw new NodeException(node.Name,
                $"left part-way by an earlier transaction: {string.Join("; ", stuck)}. Finish it on the node ('{manager.CompleteByHand}', or by hand), then resume",
                retryable: false);
        }

        foreach (var package in packages.Where(p => !installed.ContainsKey(p) && !installed.PartWay.ContainsKey(p)))
            transcript.Note($"{package} is not installed here; left as it is");
        foreach (var package in installed.PartWay.Values)
            transcript.Note($"{package}: installed again at its locked version");
        var needed = Needed(packages, installed, versions);
        if (needed.Count == 0)
        {
            transcript.Note("every installed package is already at its 2.6 version");
            return [];
        }

        var outcome = await transactions.RunAsync(node, place, (install ?? manager.Install)(needed), transcript, cancellationToken);
        transcript.Command(outcome.Result);
        var after = await InstalledAsync(node, platform, packages, transcript, cancellationToken);
        if (after.PartWay.Count > 0 || outcome.Vanished)
        {
            var how = outcome.Vanished ? "ended without an exit status (the node rebooted, or the process was killed)" : $"ended with exit {outcome.Result.ExitStatus}";
            throw new NodeException(node.Name,
                $"the transaction {how}{(after.PartWay.Count > 0 ? $" and left {string.Join("; ", after.PartWay.Values)}" : "")}; resume completes it and installs the locked versions",
                retryable: false);
        }

        outcome.Result.EnsureSuccess();
        var wrong = needed.Where(p => after.GetValueOrDefault(p.Package) != p.Version).ToList();
        if (wrong.Count > 0)
        {
            throw new NodeException(node.Name,
                $"after the transaction {string.Join(", ", wrong.Select(p => $"{p.Package} is at {after.GetValueOrDefault(p.Package) ?? "nothing"}, not {p.Version}"))}",
                retryable: false);
        }

        return needed;
    }

    /// <summary>The packages whose installed version differs from the locked one, and those to install again (half-installed).</summary>
    public static IReadOnlyList<PackageVersion> Needed(IReadOnlyList<string> packages, InstalledPackages installed, VersionSet versions) =>
        packages.Where(p => installed.ContainsKey(p) || installed.PartWay.ContainsKey(p))
            .Select(p => versions.VersionOf(p) is { } target && (installed.PartWay.ContainsKey(p) || installed[p] != target) ? new PackageVersion(p, target) : null)
            .OfType<PackageVersion>()
            .ToList();

    public async Task<InstalledPackages> InstalledAsync(
        NodeSpec node, NodePlatform platform, IReadOnlyList<string> packages, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var query = await shell.RunAsync(node, platform.Packages.QueryInstalled(packages), cancellationToken);
        transcript.Command(query);
        return platform.Packages.ParseInstalled(query.Stdout);
    }

    /// <summary>A transaction this step started earlier is waited for; how it ended goes to the journal.</summary>
    private static async Task FinishEarlierTransactionAsync(NodeSpec node, DetachedTransactions transactions, TransactionPlace place, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var earlier = await transactions.LatestAsync(node, place, cancellationToken);
        switch (earlier.Status)
        {
            case TransactionStatus.None:
                return;
            case TransactionStatus.Running or TransactionStatus.Unstarted:
                transcript.Note($"transaction {earlier.Number} ({earlier.Command}), started by an earlier attempt, still runs: waiting for it instead of starting another");
                var outcome = await transactions.WaitAsync(node, earlier, transcript, cancellationToken);
                Record(outcome, transcript);
                return;
            case TransactionStatus.Vanished:
                transcript.Note($"transaction {earlier.Number} ({earlier.Command}), started by an earlier attempt, ended without an exit status: the node rebooted or it was killed");
                return;
            default:
                transcript.Note($"transaction {earlier.Number} ({earlier.Command}), started by an earlier attempt, ended with exit {earlier.ExitStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}");
                return;
        }
    }

    private static void Record(TransactionOutcome outcome, NodeTranscript transcript)
    {
        if (outcome.Vanished)
            transcript.Note($"transaction {outcome.Transaction.Number} ended without an exit status: the node rebooted or it was killed");
        else
            transcript.Command(outcome.Result);
    }

    /// <summary>
    /// Completes what an interrupted transaction left on the node, and returns what is still there: only packages that
    /// installing them again repairs. Anything else stops the step with the command a person runs.
    /// </summary>
    private async Task<Interruption> CompleteInterruptedAsync(
        NodeSpec node, IPackageManager manager, DetachedTransactions transactions, TransactionPlace place, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var found = await FindInterruptedAsync(node, manager, transcript, cancellationToken);
        if (!found.NeedsCompletion)
            return found;
        transcript.Note($"an earlier package transaction did not finish: {found}");
        if ((await shell.RunAsync(node, manager.CanComplete(), cancellationToken)).ExitStatus != 0)
        {
            throw new NodeException(node.Name,
                $"an earlier package transaction did not finish ({found}), and {manager.Complete().Arguments[0]} is not installed here. Run '{manager.CompleteByHand}' on the node, then resume",
                retryable: false);
        }

        var outcome = await transactions.RunAsync(node, place, manager.Complete(), transcript, cancellationToken);
        Record(outcome, transcript);
        var left = await FindInterruptedAsync(node, manager, transcript, cancellationToken);
        if (outcome.Vanished || outcome.Result.ExitStatus != 0 || left.NeedsCompletion)
        {
            throw new NodeException(node.Name,
                $"completing the interrupted transaction with '{outcome.Result.Command}' did not finish it ({(outcome.Vanished ? "no exit status" : $"exit {outcome.Result.ExitStatus}")}{(left.Found ? "; still: " + left : "")}). " +
                $"Repair it on the node ('{manager.CompleteByHand}', or by hand), then resume",
                retryable: false);
        }

        transcript.Note("the interrupted transaction is complete" + (left.Found ? $"; still to install again: {string.Join(", ", left.ReinstallOnly)}" : ""));
        return left;
    }

    private async Task<Interruption> FindInterruptedAsync(NodeSpec node, IPackageManager manager, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var result = (await shell.RunAsync(node, manager.FindInterrupted(), cancellationToken)).EnsureSuccess();
        var found = manager.ParseInterrupted(result.Stdout);
        if (found.Found)
            transcript.Command(result);
        return found;
    }

    private async Task WaitUntilIdleAsync(NodeSpec node, NodePlatform platform, NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var since = time.GetTimestamp();
        string? waitingFor = null;
        while (true)
        {
            var running = await shell.RunAsync(node, platform.Packages.Running(), cancellationToken);
            if (running.ExitStatus != 0)
            {
                if (waitingFor is not null)
                    transcript.Note($"{waitingFor} ended after {time.GetElapsedTime(since).TotalSeconds:0} s");
                return; // 1: none running (anything else: pgrep cannot tell, and the package manager's own lock still guards)
            }

            var now = string.Join(", ", running.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            if (waitingFor is null)
                transcript.Note($"waiting for {now} to end before changing packages");
            waitingFor = now;
            if (time.GetElapsedTime(since) > waits.BusyLimit)
                throw new NodeException(node.Name, $"{now} has been running for over {waits.BusyLimit.TotalMinutes:0} min; packages were not changed. Find out what it is, then resume", retryable: false);
            await Task.Delay(waits.Poll, time, cancellationToken);
        }
    }
}
