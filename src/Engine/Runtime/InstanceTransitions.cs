using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Persistence;

namespace Saga.Engine.Runtime;

/// <summary>How an instance's record moves from state to state; no store access here, only the changes a write then carries.</summary>
internal static class InstanceTransitions
{
    public static bool HasLiveLease(InstanceRecord record, DateTime now) =>
        record.LeaseOwner is { } owner && record.LeaseExpiresAt > now && !RunnerIdentity.IsKnownDead(owner);

    public static void EnsureWaitsOn(InstanceRecord record, string bookmark)
    {
        if (record.Status != InstanceStatus.Suspended || record.BookmarkName != bookmark)
        {
            throw new InstanceStateException(record.Status == InstanceStatus.Suspended
                ? $"Instance {record.Id} waits on '{record.BookmarkName}', not '{bookmark}'."
                : $"Instance {record.Id} is {record.Status}, not waiting on '{bookmark}'.");
        }
    }

    /// <summary>The bookmark was triggered: the waiting activity runs again with <paramref name="payloadJson"/>.</summary>
    public static void Resume(InstanceRecord record, string payloadJson)
    {
        record.Status = InstanceStatus.Running;
        record.BookmarkName = null;
        record.BookmarkResumesOnRun = false;
        record.ResumePayloadJson = payloadJson;
    }

    public static void ClearFault(InstanceRecord record)
    {
        record.FaultActivityId = record.FaultMessage = record.FaultType = null;
        record.FaultedAt = null;
    }

    public static void TakeLease(InstanceRecord record, string owner, DateTime now, TimeSpan duration)
    {
        record.LeaseOwner = owner;
        record.LeaseAcquiredAt = now;
        record.LeaseExpiresAt = now + duration;
    }

    public static void ClearLease(InstanceRecord record)
    {
        record.LeaseOwner = null;
        record.LeaseAcquiredAt = null;
        record.LeaseExpiresAt = null;
    }

    /// <summary>After an activity: on along its outcome (or finished), suspended on its bookmark, or faulted at it.</summary>
    public static void Advance(InstanceRecord record, Blueprint blueprint, string activityId, ActivityResult result, string variablesJson, DateTime now, TimeSpan leaseDuration)
    {
        record.LastExecutedAt = now;
        record.VariablesJson = variablesJson;
        record.ResumePayloadJson = null;
        switch (result)
        {
            case OutcomeResult outcome:
                record.CurrentActivityId = blueprint.Next(activityId, outcome.OutcomeName);
                if (record.CurrentActivityId is null)
                {
                    record.Status = InstanceStatus.Finished;
                    record.FinishedAt = now;
                }

                break;
            case SuspendResult suspend:
                record.Status = InstanceStatus.Suspended;
                record.BookmarkName = suspend.Bookmark;
                record.BookmarkResumesOnRun = suspend.ResumesOnRun;
                break;
            case FaultResult fault:
                record.Status = InstanceStatus.Faulted;
                record.FaultActivityId = activityId;
                record.FaultMessage = fault.Message;
                record.FaultType = fault.ExceptionType;
                record.FaultedAt = now;
                break;
        }

        if (record.Status == InstanceStatus.Running)
            record.LeaseExpiresAt = now + leaseDuration;
        else
            ClearLease(record);
    }

    /// <summary>Cancels the instance and returns its journal entry; null when it is already cancelled (journalled once).</summary>
    public static JournalRecord? Cancel(InstanceRecord record, string reason, DateTime now)
    {
        if (record.Status == InstanceStatus.Cancelled)
            return null;
        record.Status = InstanceStatus.Cancelled;
        record.CancelledAt = now;
        record.BookmarkName = null;
        record.BookmarkResumesOnRun = false;
        record.ResumePayloadJson = null;
        ClearLease(record);
        return JournalEntries.Cancel(record, reason, now);
    }

    /// <summary>Back to <paramref name="start"/>, fault and lease cleared; returns the journal entry that says so.</summary>
    public static JournalRecord Rewind(InstanceRecord record, string start, DateTime now)
    {
        var entry = JournalEntries.Rewind(record, start, now);
        record.Status = InstanceStatus.Running;
        record.CurrentActivityId = start;
        ClearFault(record);
        record.ResumePayloadJson = null;
        ClearLease(record);
        return entry;
    }
}
