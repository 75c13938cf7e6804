namespace Saga.Contracts;

/// <summary>The queues saga's processes consume; send commands to <see cref="Commands"/> (<c>queue:saga-commands</c>).</summary>
public static class Queues
{
    /// <summary><see cref="StartDowngrade"/>, <see cref="ResumeDowngrade"/>, <see cref="CancelDowngrade"/>, <see cref="DecideApproval"/> and <see cref="RestoreNodes"/>, consumed by <c>saga serve</c>.</summary>
    public const string Commands = "saga-commands";

    /// <summary><see cref="RunComputeNode"/>, consumed by <c>saga worker</c> (and hosts that run nodes themselves).</summary>
    public const string NodeWork = "saga-node-work";

    /// <summary><see cref="ComputeNodeFinished"/>, consumed by the processes that drive downgrades.</summary>
    public const string NodeFinished = "saga-node-finished";
}
