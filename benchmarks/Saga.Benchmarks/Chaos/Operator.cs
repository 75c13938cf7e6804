using System.Diagnostics;
using System.Globalization;
using Saga.Engine.Activities;
using Saga.Engine.Instances;

namespace Saga.Benchmarks.Chaos;

/// <summary>
/// What an operator does while a run goes on, reading the shared store every two seconds and acting only through the
/// bus (<c>saga trigger</c>): approves an approval the run waits on (whether or not the flow has one), resumes a run
/// that faulted, one left running with no live runner, and one that made no progress for three minutes. What it saw
/// and did is kept for the report.
/// </summary>
internal sealed class Operator(IWorkflowInstances instances, SagaDeployment deployment, Stopwatch clock)
{
    private static readonly TimeSpan Look = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan Again = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Orphaned = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan Stalled = TimeSpan.FromMinutes(3);

    private readonly List<string> actions = [];
    private readonly List<string> faults = [];
    private IReadOnlyList<InstanceSummary> children = [];

    /// <summary>What the operator did, with when: "73s approve", "120s resume (faulted at ...)".</summary>
    public IReadOnlyList<string> Actions => actions;

    /// <summary>The faults the run reported (each distinct one once), as "step: message".</summary>
    public IReadOnlyList<string> RunFaults => faults;

    /// <summary>The compute nodes being worked on at the last look.</summary>
    public IReadOnlyList<string> BusyNodes => children.Where(c => c.Status == InstanceStatus.Running && c.LastExecutedAt is not null).Select(c => c.Name ?? c.Id).ToList();

    public bool Ended { get; private set; }

    /// <summary>Follows the run until it finished, was cancelled, or <paramref name="timeout"/> passed; returns its last status (null: never seen).</summary>
    public async Task<InstanceStatus?> FollowAsync(string id, TimeSpan timeout)
    {
        InstanceSummary? last = null;
        var lastAction = (TimeSpan?)null;
        var orphanedSince = (TimeSpan?)null;
        var progress = "";
        var progressAt = clock.Elapsed;
        try
        {
            while (clock.Elapsed < timeout)
            {
                await Task.Delay(Look);
                deployment.EnsureRunning();
                InstanceSummary? summary;
                try
                {
                    summary = await instances.FindAsync(id, CancellationToken.None);
                    children = summary is null ? [] : await instances.ListChildrenAsync(id, CancellationToken.None);
                }
                catch (Exception ex) when (ex is System.Data.Common.DbException or InvalidOperationException or TimeoutException)
                {
                    continue; // the store is restarting (or not created yet)
                }

                if (summary is null)
                    continue;
                last = summary;
                if (summary.Status is InstanceStatus.Finished or InstanceStatus.Cancelled)
                    return summary.Status;

                var now = DateTime.UtcNow;
                var fingerprint = $"{summary.Status} {summary.CurrentActivityId} {summary.LastExecutedAt:O} " +
                                  string.Join(",", children.Select(c => $"{c.Status}{c.CurrentActivityId}{c.LastExecutedAt:O}"));
                if (fingerprint != progress)
                    (progress, progressAt) = (fingerprint, clock.Elapsed);
                orphanedSince = summary.IsInterruptedAt(now) ? orphanedSince ?? clock.Elapsed : null;
                if (clock.Elapsed - lastAction < Again) // lifted: false while it never acted
                    continue;

                string? act = null;
                if (summary is { Status: InstanceStatus.Suspended, BookmarkName: Approval.Bookmark })
                    act = "approve";
                else if (summary.Status == InstanceStatus.Faulted)
                {
                    var fault = $"{summary.FaultActivityId}: {summary.FaultMessage}";
                    if (!faults.Contains(fault))
                        faults.Add(fault);
                    act = $"resume (faulted at {Short(fault)})";
                }
                else if (clock.Elapsed - orphanedSince > Orphaned)
                    act = $"resume (running at {summary.CurrentActivityId} with no live runner)";
                else if (clock.Elapsed - progressAt > Stalled)
                    act = $"resume (no progress for {(clock.Elapsed - progressAt).TotalSeconds:F0}s at {summary.CurrentActivityId})";

                if (act is null)
                    continue;
                var (code, output) = act == "approve"
                    ? await deployment.RunAsync("trigger", "approve", id, "--by", "chaos-benchmark")
                    : await deployment.RunAsync("trigger", "resume", id);
                actions.Add(string.Create(CultureInfo.InvariantCulture, $"{clock.Elapsed.TotalSeconds:F0}s {act}{(code == 0 ? "" : $" [trigger exited {code}: {Short(output)}]")}"));
                lastAction = clock.Elapsed;
                progressAt = clock.Elapsed;
            }

            return last?.Status;
        }
        finally
        {
            Ended = true;
        }
    }

    private static string Short(string text)
    {
        var line = text.ReplaceLineEndings(" ").Trim();
        return line.Length <= 160 ? line : line[..157] + "...";
    }
}
