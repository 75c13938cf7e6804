using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

namespace Saga.Host.Cli;

/// <summary>Says where a run left an instance and what to do next, and picks the exit code.</summary>
internal static class RunReport
{
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
