namespace Saga.Activities.Nodes;

/// <summary>A node could not be reached or talked to. <see cref="Retryable"/> says whether trying again can help.</summary>
public class NodeException : Exception
{
    public NodeException()
    {
    }

    public NodeException(string message)
        : base(message)
    {
    }

    public NodeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public NodeException(string node, string message, bool retryable, Exception? innerException = null)
        : base($"{node}: {message}", innerException)
    {
        Node = node;
        Retryable = retryable;
    }

    public string Node { get; } = "";

    public bool Retryable { get; }
}

/// <summary>The node presented a host key that known_hosts does not list, or a different one. Never retried.</summary>
public sealed class HostKeyRejectedException : NodeException
{
    public HostKeyRejectedException()
    {
    }

    public HostKeyRejectedException(string message)
        : base(message)
    {
    }

    public HostKeyRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HostKeyRejectedException(string node, string message, string presentedFingerprint, IReadOnlyList<string> knownFingerprints, Exception? innerException)
        : base(node, message, retryable: false, innerException)
    {
        PresentedFingerprint = presentedFingerprint;
        KnownFingerprints = knownFingerprints;
    }

    public string PresentedFingerprint { get; } = "";

    public IReadOnlyList<string> KnownFingerprints { get; } = [];
}

/// <summary>A command exited non-zero where success was required.</summary>
public sealed class CommandFailedException : NodeException
{
    public CommandFailedException()
    {
    }

    public CommandFailedException(string message)
        : base(message)
    {
    }

    public CommandFailedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CommandFailedException(CommandResult result)
        : base(result.Node, $"'{result.Command}' failed (exit {result.ExitStatus?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "by signal"}): {Last(result)}", retryable: false)
    {
        Result = result;
    }

    public CommandResult? Result { get; }

    private static string Last(CommandResult result)
    {
        var text = (result.Stderr.Trim().Length > 0 ? result.Stderr : result.Stdout).Trim();
        var lines = text.Split('\n');
        return lines.Length <= 3 ? text : string.Join(" | ", lines[^3..]);
    }
}
