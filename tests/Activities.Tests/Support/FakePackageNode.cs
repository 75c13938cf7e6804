using System.Globalization;
using System.Text;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;

namespace Saga.Activities.Tests.Support;

/// <summary>
/// A node as the package steps see it through <see cref="INodeShell"/>: the package query answers from
/// <see cref="Query"/>, transactions started detached are recorded (their argv) and end as <see cref="Outcome"/> says
/// after <see cref="RunningPolls"/> looks, the interrupted-transaction finder answers <see cref="Interrupted"/>.
/// Every command is kept in <see cref="Commands"/>, rendered as the remote shell would get it.
/// </summary>
internal sealed class FakePackageNode : INodeShell
{
    private readonly List<Transaction> transactions = [];

    public static NodeSpec Node { get; } = new("n1", "10.0.0.1", NodeRole.Compute,
        new SshSettings("root", 22, "/k", "/kh", Sudo: true, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10)));

    /// <summary>What the installed-package query prints now.</summary>
    public string Query { get; set; } = "";

    /// <summary>What the finder of interrupted transactions prints now.</summary>
    public string Interrupted { get; set; } = "";

    /// <summary>Whether the tool that completes an interrupted transaction is installed.</summary>
    public bool CanComplete { get; set; } = true;

    /// <summary>How a transaction ends: exit status (null: vanished), stdout, stderr; may change the node's state.</summary>
    public Func<IReadOnlyList<string>, (int? Exit, string Stdout, string Stderr)> Outcome { get; set; } = _ => (0, "", "");

    /// <summary>How many looks a new transaction stays running.</summary>
    public int RunningPolls { get; set; }

    /// <summary>Lost connections to throw at the next looks at a running transaction.</summary>
    public int DropsWhileRunning { get; set; }

    /// <summary>Called at every look at a running transaction (lets a test cancel while it runs).</summary>
    public Action? WhileRunning { get; set; }

    public List<string> Commands { get; } = [];

    /// <summary>The argv of every transaction started, in order.</summary>
    public IEnumerable<IReadOnlyList<string>> Started => transactions.Select(t => t.Argv);

    /// <summary>A transaction an earlier run started (folder PREFIX.1), still running for <paramref name="polls"/> looks.</summary>
    public void StartedEarlier(string[] argv, int polls, int? exit = 0)
    {
        var transaction = new Transaction(argv, polls) { Exit = exit };
        transactions.Add(transaction);
        Finish(transaction, exit, "", "");
    }

    public Task<CommandResult> RunAsync(NodeSpec node, ShellCommand command, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var text = command.Render(node.Ssh.Sudo);
        Commands.Add(text);
        var args = command.Arguments;
        if (args[0] == "sh" && args[2].Contains("prefix=$1", StringComparison.Ordinal))
            return Task.FromResult(Latest());
        if (args[0] == "sh" && args[2].Contains("setsid sh -c", StringComparison.Ordinal))
            return Task.FromResult(Start(args.Skip(7).ToList()));
        if (args[0] == "pgrep")
            return Ok("", 1);
        if (args[0] is "rpm" or "dpkg-query")
            return Ok(Query);
        if (args[0] == "sh" && (args[2].Contains("dpkg --audit", StringComparison.Ordinal) || args[2].Contains("transaction-all", StringComparison.Ordinal)))
            return Ok(Interrupted);
        if (args[0] is "test" or "true")
            return Ok("", CanComplete ? 0 : 1);
        throw new InvalidOperationException($"the fake node does not know '{text}'");
    }

    public Task<byte[]?> ReadFileAsync(NodeSpec node, string path, CancellationToken cancellationToken)
    {
        var number = int.Parse(path.Split('/')[^2].Split('.')[^1], CultureInfo.InvariantCulture);
        var transaction = transactions[number - 1];
        return Task.FromResult<byte[]?>(Encoding.UTF8.GetBytes(path.EndsWith("/stdout", StringComparison.Ordinal) ? transaction.Stdout : transaction.Stderr));
    }

    public Task WriteFileAsync(NodeSpec node, string path, byte[] content, CancellationToken cancellationToken) =>
        throw new InvalidOperationException("package steps write no files");

    private CommandResult Start(IReadOnlyList<string> argv)
    {
        var transaction = new Transaction(argv, RunningPolls);
        transactions.Add(transaction);
        var (exit, stdout, stderr) = Outcome(argv);
        Finish(transaction, exit, stdout, stderr);
        return Result("started\n", 0);
    }

    private static void Finish(Transaction transaction, int? exit, string stdout, string stderr)
    {
        transaction.Exit = exit;
        transaction.Stdout = stdout;
        transaction.Stderr = stderr;
    }

    private CommandResult Latest()
    {
        if (transactions.Count == 0)
            return Result("none\n", 0);
        var last = transactions[^1];
        var number = transactions.Count.ToString(CultureInfo.InvariantCulture);
        if (last.PollsLeft > 0)
        {
            WhileRunning?.Invoke();
            if (DropsWhileRunning > 0)
            {
                DropsWhileRunning--;
                throw new NodeException(Node.Name, "the connection was lost", retryable: true);
            }

            last.PollsLeft--;
            return Result($"{number} running\n{string.Join(' ', last.Argv)}\n", 0);
        }

        return Result(last.Exit is { } exit ? $"{number} ended {exit}\n{string.Join(' ', last.Argv)}\n" : $"{number} vanished\n{string.Join(' ', last.Argv)}\n", 0);
    }

    private static Task<CommandResult> Ok(string stdout, int exit = 0) => Task.FromResult(Result(stdout, exit));

    private static CommandResult Result(string stdout, int exit) => new(Node.Name, "fake", exit, stdout, "", TimeSpan.Zero);

    private sealed class Transaction(IReadOnlyList<string> argv, int polls)
    {
        public IReadOnlyList<string> Argv { get; } = argv;

        public int PollsLeft { get; set; } = polls;

        public int? Exit { get; set; }

        public string Stdout { get; set; } = "";

        public string Stderr { get; set; } = "";
    }
}
