using System.Globalization;
using Saga.Activities.Nodes;

namespace Saga.Activities.Packages;

/// <summary>Where a step's transactions live on the node: <c>FOLDER/packages/NAME.N</c>.</summary>
/// <param name="Folder">The run's backup folder on the node (<c>/var/backups/saga/ID</c>).</param>
/// <param name="Name">The step's name (letters, digits and dashes).</param>
public sealed record TransactionPlace(string Folder, string Name)
{
    public string Prefix => $"{Folder}/packages/{Name}";
}

public enum TransactionStatus
{
    /// <summary>No transaction under the place yet.</summary>
    None,

    /// <summary>Its folder exists but it never took its lock: it did not start (or is about to).</summary>
    Unstarted,

    /// <summary>Its process holds the lock.</summary>
    Running,

    /// <summary>It ended and recorded its exit status.</summary>
    Ended,

    /// <summary>It started, but its process is gone without an exit status: a reboot or a kill.</summary>
    Vanished,
}

/// <summary>One detached transaction: <c>PREFIX.Number</c>.</summary>
public sealed record DetachedTransaction(TransactionPlace Place, int Number, TransactionStatus Status, int? ExitStatus, string Command)
{
    public string Directory => $"{Place.Prefix}.{Number.ToString(CultureInfo.InvariantCulture)}";
}

/// <summary>How a detached transaction ended, and what it printed (no exit status when it vanished).</summary>
public sealed record TransactionOutcome(DetachedTransaction Transaction, CommandResult Result)
{
    public bool Vanished => Transaction.Status == TransactionStatus.Vanished;
}

/// <summary>How the package steps wait.</summary>
/// <param name="Poll">Between two looks at a running transaction (the first looks come sooner) or a busy package manager.</param>
/// <param name="BusyLimit">How long another tool's package operation may keep the node before the step gives up.</param>
/// <param name="StartLimit">How long a transaction folder may stay unstarted before it counts as never started.</param>
/// <param name="Reconnects">Lost connections in a row tolerated while waiting.</param>
public sealed record PackageWaits(TimeSpan Poll, TimeSpan BusyLimit, TimeSpan StartLimit, int Reconnects)
{
    public static PackageWaits Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30), 5);
}
