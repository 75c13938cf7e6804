namespace Saga.Activities.Nodes;

/// <summary>What a command did on a node. A non-zero exit is not an exception: the caller decides what it means.</summary>
/// <param name="Node">The node's name.</param>
/// <param name="Command">The command as shown to people.</param>
/// <param name="ExitStatus">The exit status, or null when the process died of a signal.</param>
/// <param name="Stdout">Standard output.</param>
/// <param name="Stderr">Standard error.</param>
/// <param name="Elapsed">How long it took.</param>
public sealed record CommandResult(string Node, string Command, int? ExitStatus, string Stdout, string Stderr, TimeSpan Elapsed)
{
    public bool Succeeded => ExitStatus == 0;

    /// <summary>The result when it succeeded; otherwise a <see cref="CommandFailedException"/>.</summary>
    public CommandResult EnsureSuccess() => Succeeded ? this : throw new CommandFailedException(this);

    /// <summary>Both streams, for the journal.</summary>
    public string Transcript() =>
        $"$ {Command}\n{Stdout}{(Stderr.Length > 0 ? (Stdout.EndsWith('\n') || Stdout.Length == 0 ? "" : "\n") + Stderr : "")}[exit {ExitStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "signal"}]";
}
