using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

namespace Saga.Host.Cli;

/// <summary>Says where a run left an instance and what to do next, and picks the exit code.</summary>
internal static class RunReport
{
    /// <summary>
    /// <see cref="Write"/>, and for an instance that waits on an approval, first what the approval asks (its prompt, such
    /// as the key count and the dump before the etcdv3 delete), from the journal.
    /// </summary>
    public static async Task<int> WriteAsync(RunOutcome outcome, IWorkflowInstances instances, TextWriter writer, CancellationToken cancellationToken)
    {
        if (outcome.Status == InstanceStatus.Suspended && outcome.Bookmark == Approval.Bookmark
            && await instances.GetAsync(outcome.InstanceId, cancellationToken) is { } details
            && details.Journal.LastOrDefault(j => j.ActivityId == outcome.ActivityId)?.Output is { Length: > 0 } prompt)
        {
            writer.WriteLine($"Approval asked at {outcome.ActivityId}: {prompt}");
        }

        return Write(outcome, writer);
    }

    public static int Write(RunOutcome outcome, TextWriter writer)
    {
        var id = outcome.InstanceId;
        switch (outcome.Status)
        {
            case InstanceStatus.Finished:
                writer.WriteLine($"Instance {id} finished.");
                return ExitCodes.Done;
            case InstanceStatus.Faulted:
                writer.WriteLine($"Instance {id} faulted at {outcome.ActivityId}: {outcome.Fault?.Message}{(outcome.Fault?.ExceptionType is { } type ? $" ({type})" : "")}");
                writer.WriteLine($"Fix the cause, then continue with: saga resume {id}");
                return ExitCodes.Failed;
            case InstanceStatus.Suspended:
                writer.WriteLine($"Instance {id} is waiting on '{outcome.Bookmark}' at {outcome.ActivityId}.");
                writer.WriteLine(outcome.Bookmark == Approval.Bookmark
                    ? $"Approve with: saga approve {id}   (or reject: saga approve {id} --reject)"
                    : $"Continue with: saga resume {id}");
                return ExitCodes.Waiting;
            case InstanceStatus.Cancelled:
                writer.WriteLine($"Instance {id} was cancelled.");
                return ExitCodes.Stopped;
            default:
                writer.WriteLine(outcome.Interrupted
                    ? $"Instance {id} was interrupted at {outcome.ActivityId}; continue with: saga resume {id}"
                    : $"Instance {id}: {outcome.Describe()}");
                return outcome.Interrupted ? ExitCodes.Stopped : ExitCodes.Done;
        }
    }
}
