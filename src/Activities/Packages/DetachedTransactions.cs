using System.Globalization;
using System.Text;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;

namespace Saga.Activities.Packages;

/// <summary>
/// Runs package transactions detached on the node, so a dropped SSH session or a killed saga never cuts one: each
/// runs in a session of its own (<c>setsid</c>, SIGHUP ignored, standard streams on files) in a folder
/// <c>PREFIX.N</c> (<c>command</c>, <c>stdout</c>, <c>stderr</c>, <c>exit</c>), and holds an exclusive
/// <c>flock</c> on <c>PREFIX.N/lock</c> while it runs: the kernel drops the lock when the process ends, however it
/// ends, so "still running" is known without /proc or process ids that a reboot could reuse. The caller polls
/// (<see cref="WaitAsync"/>); a later run finds the newest folder again (<see cref="LatestAsync"/>) and waits for
/// that same transaction instead of starting another.
/// </summary>
public sealed class DetachedTransactions(INodeShell shell, TimeProvider time, PackageWaits waits)
{
    // The transaction itself. exec 9>> opens the lock file; flock(1) locks that open file, which this shell keeps
    // until it exits (util-linux flock(1): "flock [options] number"). The package manager does not inherit fd 9, so
    // a daemon a maintainer script might leave behind cannot hold the lock. $? is 128+N when a signal ended it.
    private const string Wrapper = """
        dir=$1; shift
        exec 9>> "$dir/lock"
        flock -x 9 || exit 1
        : > "$dir/started"
        trap '' HUP
        "$@" 9>&- < /dev/null > "$dir/stdout" 2> "$dir/stderr"
        echo $? > "$dir/exit.new" && mv -f "$dir/exit.new" "$dir/exit"
        """;

    // mkdir claims the number once; the folder's command file says what runs there. setsid(1) gives the wrapper a
    // session of its own, with no controlling terminal, so nothing of the SSH session reaches it (util-linux setsid:
    // runs the program in a new session, forking first only when the caller leads a process group). The script
    // returns once the wrapper holds its lock.
    private const string Start = """
        wrapper=$1 dir=$2 text=$3; shift 3
        for tool in flock setsid; do
          command -v "$tool" > /dev/null || { echo "$tool (util-linux) is not installed on this node" >&2; exit 5; }
        done
        (umask 077 && mkdir -p -- "${dir%/*}") || exit 1
        mkdir -- "$dir" 2> /dev/null || { echo "$dir is taken" >&2; exit 3; }
        printf '%s\n' "$text" > "$dir/command"
        setsid sh -c "$wrapper" saga "$dir" "$@" < /dev/null > /dev/null 2>&1 &
        i=0
        while [ ! -e "$dir/started" ] && [ ! -e "$dir/exit" ]; do
          i=$((i + 1))
          [ "$i" -le 300 ] || { echo "the transaction in $dir did not start within 30 s" >&2; exit 4; }
          sleep 0.1
        done
        echo started
        """;

    // The newest PREFIX.N and its state. The exit file is written before the lock goes, so "lock free, no exit file"
    // means the wrapper died (a reboot, a kill) without recording how the transaction ended. flock -n fails with
    // exit 1 while another process holds the lock (util-linux flock(1), -n: "fail rather than wait").
    private const string Latest = """
        prefix=$1; n=0
        for d in "$prefix".*; do
          k=${d##*.}
          case $k in ''|*[!0-9]*) continue ;; esac
          [ -d "$d" ] && [ "$k" -gt "$n" ] && n=$k
        done
        [ "$n" -gt 0 ] || { echo none; exit 0; }
        d=$prefix.$n
        if [ -e "$d/exit" ]; then s="ended $(cat "$d/exit")"
        elif ! command -v flock > /dev/null; then s=unknown
        elif ! flock -n "$d/lock" true; then s=running
        elif [ -e "$d/exit" ]; then s="ended $(cat "$d/exit")"
        elif [ -e "$d/started" ]; then s=vanished
        else s=unstarted
        fi
        echo "$n $s"
        head -n 1 "$d/command" 2> /dev/null
        exit 0
        """;

    /// <summary>The newest transaction under <paramref name="place"/>, or one with <see cref="TransactionStatus.None"/>.</summary>
    public async Task<DetachedTransaction> LatestAsync(NodeSpec node, TransactionPlace place, CancellationToken cancellationToken)
    {
        var result = (await shell.RunAsync(node, ShellCommand.Script(true, Latest, place.Prefix), cancellationToken)).EnsureSuccess();
        var lines = result.Stdout.Split('\n');
        var fields = lines[0].Trim().Split(' ');
        if (fields[0] == "none")
            return new DetachedTransaction(place, 0, TransactionStatus.None, null, "");
        var number = int.Parse(fields[0], CultureInfo.InvariantCulture);
        var command = lines.Length > 1 ? lines[1].Trim() : "";
        return fields[1] switch
        {
            "ended" => new DetachedTransaction(place, number, TransactionStatus.Ended, int.TryParse(fields.ElementAtOrDefault(2), NumberStyles.None, CultureInfo.InvariantCulture, out var exit) ? exit : null, command),
            "running" => new DetachedTransaction(place, number, TransactionStatus.Running, null, command),
            "vanished" => new DetachedTransaction(place, number, TransactionStatus.Vanished, null, command),
            "unstarted" => new DetachedTransaction(place, number, TransactionStatus.Unstarted, null, command),
            _ => throw new NodeException(node.Name, "flock (util-linux) is not installed, so whether a package transaction still runs cannot be told; install util-linux, then resume", retryable: false),
        };
    }

    /// <summary>Starts <paramref name="command"/> detached as the next transaction under <paramref name="place"/> and waits for it to end.</summary>
    public async Task<TransactionOutcome> RunAsync(NodeSpec node, TransactionPlace place, ShellCommand command, Calico.NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var started = await StartAsync(node, place, command, transcript, cancellationToken);
        transcript.Note($"transaction {started.Number} runs detached on the node: {started.Command} (output in {started.Directory})");
        return await WaitAsync(node, started, transcript, cancellationToken);
    }

    /// <summary>Polls until the transaction has ended (or vanished), reconnecting when the connection drops.</summary>
    public async Task<TransactionOutcome> WaitAsync(NodeSpec node, DetachedTransaction transaction, Calico.NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var since = time.GetTimestamp();
        var unreachable = 0;
        var current = transaction;
        var pause = waits.Poll / 8; // a short transaction is seen ending soon; a long one is looked at once per Poll
        while (current.Status is TransactionStatus.Running or TransactionStatus.Unstarted)
        {
            var waited = time.GetElapsedTime(since);
            if (current.Status == TransactionStatus.Unstarted && waited > waits.StartLimit)
            {
                current = current with { Status = TransactionStatus.Vanished };
                break;
            }

            if (waited > node.Ssh.CommandTimeout)
            {
                throw new NodeException(node.Name,
                    $"the package transaction '{current.Command}' is still running after {node.Ssh.CommandTimeout} (commandTimeout); it was not stopped. " +
                    $"Its output is in {current.Directory}; resume waits for it again", retryable: false);
            }

            await Task.Delay(pause, time, cancellationToken);
            pause = TimeSpan.FromTicks(Math.Min(pause.Ticks * 2, waits.Poll.Ticks));
            try
            {
                var latest = await LatestAsync(node, transaction.Place, cancellationToken);
                current = latest.Number == transaction.Number ? latest : throw new NodeException(node.Name,
                    $"another package transaction ({latest.Directory}: {latest.Command}) was started beside {transaction.Directory}; two runs drive this node", retryable: false);
                unreachable = 0;
            }
            catch (NodeException ex) when (ex.Retryable && ++unreachable <= waits.Reconnects)
            {
                transcript.Note($"lost the connection while transaction {transaction.Number} runs ({Short(ex, node)}); it goes on on the node, reconnecting");
            }
        }

        return current.Status == TransactionStatus.Vanished
            ? new TransactionOutcome(current, new CommandResult(node.Name, current.Command, null, "", "", time.GetElapsedTime(since)))
            : new TransactionOutcome(current, await ResultAsync(node, current, time.GetElapsedTime(since), cancellationToken));
    }

    /// <summary>What an ended transaction printed, as a command result for the journal.</summary>
    public async Task<CommandResult> ResultAsync(NodeSpec node, DetachedTransaction transaction, TimeSpan elapsed, CancellationToken cancellationToken)
    {
        var stdout = await shell.ReadFileAsync(node, transaction.Directory + "/stdout", cancellationToken) ?? [];
        var stderr = await shell.ReadFileAsync(node, transaction.Directory + "/stderr", cancellationToken) ?? [];
        return new CommandResult(node.Name, transaction.Command, transaction.ExitStatus, Encoding.UTF8.GetString(stdout), Encoding.UTF8.GetString(stderr), elapsed);
    }

    private async Task<DetachedTransaction> StartAsync(NodeSpec node, TransactionPlace place, ShellCommand command, Calico.NodeTranscript transcript, CancellationToken cancellationToken)
    {
        var environment = command.Environment.Select(e => $"{e.Key}={e.Value}").ToArray();
        string[] argv = environment.Length > 0 ? ["env", .. environment, .. command.Arguments] : [.. command.Arguments];
        for (var attempt = 1; ; attempt++)
        {
            var latest = await LatestAsync(node, place, cancellationToken);
            if (latest.Status is TransactionStatus.Running)
                throw new NodeException(node.Name, $"transaction {latest.Directory} ({latest.Command}) still runs; two runs drive this node", retryable: false);
            var next = new DetachedTransaction(place, latest.Number + 1, TransactionStatus.Unstarted, null, command.ToString());
            CommandResult result;
            try
            {
                result = await shell.RunAsync(node, ShellCommand.Script(command.Privileged, Start, [Wrapper, next.Directory, next.Command, .. argv])
                    .ShownAs($"start detached transaction {next.Number}: {command}"), cancellationToken); // the journal keeps the command, not the wrapper script
            }
            catch (NodeException ex) when (ex.Retryable && attempt <= waits.Reconnects)
            {
                // Whether it started is unknown: the next round finds its folder, and waits for it if it did.
                transcript.Note($"lost the connection while starting transaction {next.Number} ({Short(ex, node)}); looking again");
                var found = await LatestAsync(node, place, cancellationToken);
                if (found.Number == next.Number && found.Status != TransactionStatus.Unstarted)
                    return found;
                if (found.Number == next.Number)
                    return await WaitForStartAsync(node, found, cancellationToken);
                continue;
            }

            if (result.ExitStatus == 3 && attempt <= waits.Reconnects)
                continue; // the number was taken meanwhile; look again
            result.EnsureSuccess();
            return next with { Status = TransactionStatus.Running };
        }
    }

    private async Task<DetachedTransaction> WaitForStartAsync(NodeSpec node, DetachedTransaction transaction, CancellationToken cancellationToken)
    {
        var since = time.GetTimestamp();
        var current = transaction;
        while (current.Status == TransactionStatus.Unstarted && time.GetElapsedTime(since) <= waits.StartLimit)
        {
            await Task.Delay(waits.Poll, time, cancellationToken);
            current = await LatestAsync(node, transaction.Place, cancellationToken);
        }

        return current;
    }

    private static string Short(NodeException ex, NodeSpec node) =>
        ex.Message.StartsWith(node.Name + ": ", StringComparison.Ordinal) ? ex.Message[(node.Name.Length + 2)..] : ex.Message;
}
