using Saga.Engine.Instances;
using Saga.Engine.Runtime;

namespace Saga.Host.Cli;

/// <summary>
/// Drives an instance, and while it waits on work this process does for it (a fan-out's nodes), keeps watching it,
/// showing progress, until it finishes, faults, waits for a person, or Ctrl+C.
/// </summary>
internal sealed class RunWaiter(IWorkflowInstances instances, TimeProvider time, TextWriter output, Live.ClusterProgress? progress = null)
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(300);

    public async Task<RunOutcome> DriveAsync(Func<CancellationToken, Task<RunOutcome>> start, CancellationToken cancellationToken)
    {
        var printer = new ProgressPrinter(instances, time, output, progress);
        var outcome = await start(cancellationToken);
        if (outcome.Interrupted)
            return outcome;
        try
        {
            while (true)
            {
                var summary = await instances.FindAsync(outcome.InstanceId, cancellationToken)
                              ?? throw new InstanceNotFoundException($"Instance {outcome.InstanceId} disappeared from the store.");
                await printer.PrintChangesAsync(summary, cancellationToken);
                var now = time.GetUtcNow().UtcDateTime;
                var busy = summary.Status == InstanceStatus.Suspended && summary.BookmarkResumesOnRun
                           || summary.Status == InstanceStatus.Running && !summary.IsInterruptedAt(now);
                if (!busy)
                    return ToOutcome(summary, now);
                await Task.Delay(Poll, time, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return outcome with { Status = InstanceStatus.Running, Interrupted = true };
        }
    }

    private static RunOutcome ToOutcome(InstanceSummary summary, DateTime now) => summary.Status switch
    {
        InstanceStatus.Faulted => new RunOutcome(summary.Id, summary.Status, summary.FaultActivityId) { Fault = new RunFault(summary.FaultMessage ?? "", summary.FaultType) },
        InstanceStatus.Suspended => new RunOutcome(summary.Id, summary.Status, summary.CurrentActivityId)
        {
            Bookmark = summary.BookmarkName,
            ResumesOnRun = summary.BookmarkResumesOnRun,
        },
        _ => new RunOutcome(summary.Id, summary.Status, summary.CurrentActivityId) { Interrupted = summary.IsInterruptedAt(now) },
    };
}
