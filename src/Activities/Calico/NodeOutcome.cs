using Saga.Engine.Activities;

namespace Saga.Activities.Calico;

/// <summary>
/// What one node's work in <see cref="NodeWork"/> did: <see cref="Done"/> (it changed the node), <see cref="AlreadyDone"/>
/// (its check found the work done, nothing changed) or <see cref="Skipped"/> (it does not apply there). A failure is a
/// throw. The step's journal entry keeps it as the node's <see cref="NodeResult"/>.
/// </summary>
public readonly record struct NodeOutcome(NodeResultKind Result, string Reason)
{
    /// <summary>The node was changed: <paramref name="what"/> was done.</summary>
    public static NodeOutcome Done(string what) => new(NodeResultKind.Done, what);

    /// <summary>The step's check found its work done; <paramref name="why"/> says what was found.</summary>
    public static NodeOutcome AlreadyDone(string why) => new(NodeResultKind.AlreadyDone, why);

    /// <summary>The step does not apply to the node; <paramref name="why"/> says why.</summary>
    public static NodeOutcome Skipped(string why) => new(NodeResultKind.Skipped, why);

    /// <summary>The node's result in the journal.</summary>
    public NodeResult For(string node) => new(node, Result, Reason);
}
