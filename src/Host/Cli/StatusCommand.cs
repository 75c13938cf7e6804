using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Saga.Engine.Instances;

namespace Saga.Host.Cli;

/// <summary><c>saga status [ID]</c>: instances one line each, or one instance with its journal.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var id = SagaCli.InstanceId("Show this instance and its journal instead of the list.");
        id.Arity = ArgumentArity.ZeroOrOne;
        var status = new Option<InstanceStatus?>("--status") { Description = "List only instances in this state (Running, Suspended, Finished, Faulted, Cancelled)." };
        var limit = new Option<int>("--limit") { Description = "How many instances to list, newest first.", DefaultValueFactory = _ => 50 };
        var output = new Option<bool>("--output") { Description = "With ID: print every step's output excerpt, not only the faulted ones." };
        var all = new Option<bool>("--all") { Description = "Also list child instances (one per compute node of a downgrade)." };
        var watch = new Option<bool>("--watch") { Description = "With ID: follow a run driven elsewhere (serve, workers, another terminal) in the live view until it ends or waits for a person." };
        var command = new Command("status", "Lists instances, or shows one instance's journal step by step.") { id, status, limit, output, all, watch, ResumeCommand.Plain };
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var instances = services.GetRequiredService<IWorkflowInstances>();
            var time = services.GetRequiredService<TimeProvider>();
            if (parse.GetValue(watch))
            {
                var watched = parse.GetValue(id) ?? throw new InvalidDataException("--watch follows one instance: give its ID ('saga status' lists them).");
                var outcome = await ResumeCommand.DriveAsync(services, watched, null, parse.GetValue(ResumeCommand.Plain), t => FollowAsync(instances, watched, t), token);
                await SummaryTable.WriteAsync(instances, watched, Console.Out, token);
                return RunReport.Write(outcome, Console.Out);
            }

            return parse.GetValue(id) is { } instanceId
                ? await ShowAsync(instances, instanceId, parse.GetValue(output), time, token)
                : await ListAsync(instances, parse.GetValue(status), parse.GetValue(limit), parse.GetValue(all), time, token);
        }, ct));
        return command;
    }

    /// <summary>The instance as it is now, for the waiter, which then follows it from the store as any run it waits for.</summary>
    private static async Task<Engine.Runtime.RunOutcome> FollowAsync(IWorkflowInstances instances, string instanceId, CancellationToken cancellationToken)
    {
        var summary = await instances.FindAsync(instanceId, cancellationToken)
                      ?? throw new Engine.Runtime.InstanceNotFoundException($"There is no instance '{instanceId}'. 'saga status' lists them.");
        return new Engine.Runtime.RunOutcome(summary.Id, summary.Status, summary.Status == InstanceStatus.Faulted ? summary.FaultActivityId : summary.CurrentActivityId)
        {
            Bookmark = summary.Status == InstanceStatus.Suspended ? summary.BookmarkName : null,
            ResumesOnRun = summary.Status == InstanceStatus.Suspended && summary.BookmarkResumesOnRun,
            Fault = summary.Status == InstanceStatus.Faulted ? new Engine.Runtime.RunFault(summary.FaultMessage ?? "", summary.FaultType) : null,
        };
    }

    private static async Task<int> ListAsync(IWorkflowInstances instances, InstanceStatus? status, int limit, bool all, TimeProvider time, CancellationToken cancellationToken)
    {
        var list = await instances.ListAsync(status, Math.Max(1, limit), cancellationToken, includeChildren: all);
        if (list.Count == 0)
        {
            Console.WriteLine(status is null ? "No instances yet." : $"No {status} instances.");
            return ExitCodes.Done;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var table = new TextTable("ID", "STATUS", "WORKFLOW", "AT", "CREATED (UTC)", "NOTE");
        foreach (var i in list)
        {
            var children = i.ParentInstanceId is null ? await instances.ListChildrenAsync(i.Id, cancellationToken) : [];
            var nodes = children.Count == 0 ? "" : " [" + string.Join(", ", children.GroupBy(c => c.Status).Select(g => $"{g.Count()} {g.Key.ToString().ToLowerInvariant()}")) + "]";
            table.Add(i.Id, State(i, now), $"{(i.ParentInstanceId is null ? "" : "  ")}{i.DefinitionId} v{i.DefinitionVersion}{(i.Name is null ? "" : $" ({i.Name})")}",
                i.FaultActivityId ?? i.CurrentActivityId, Formats.Time(i.CreatedAt), Note(i, now) + nodes);
        }
        table.WriteTo(Console.Out);
        return ExitCodes.Done;
    }

    private static async Task<int> ShowAsync(IWorkflowInstances instances, string instanceId, bool allOutput, TimeProvider time, CancellationToken cancellationToken)
    {
        var details = await instances.GetAsync(instanceId, cancellationToken)
                      ?? throw new Engine.Runtime.InstanceNotFoundException($"There is no instance '{instanceId}'. 'saga status' lists them.");
        var i = details.Summary;
        var now = time.GetUtcNow().UtcDateTime;
        var output = Console.Out;
        output.WriteLine($"Instance   {i.Id}");
        output.WriteLine($"Workflow   {i.DefinitionId} v{i.DefinitionVersion}{(i.Name is null ? "" : $" ({i.Name})")}");
        var at = i.FaultActivityId ?? i.CurrentActivityId;
        output.WriteLine($"Status     {State(i, now)}{(at is null ? "" : $" at {at}")}");
        if (Note(i, now) is { Length: > 0 } note)
            output.WriteLine($"Note       {note}");
        output.WriteLine($"Created    {Formats.Time(i.CreatedAt)} UTC");
        if (i.LastExecutedAt is { } last)
            output.WriteLine($"Last step  {Formats.Time(last)} UTC");
        output.WriteLine($"Variables  {VariablesLine(details.VariablesJson)}");
        var children = await instances.ListChildrenAsync(i.Id, cancellationToken);
        if (children.Count > 0)
        {
            output.WriteLine();
            var nodes = new TextTable("NODE", "STATUS", "AT", "CHILD INSTANCE", "NOTE");
            foreach (var c in children)
                nodes.Add(c.Name, State(c, now), c.FaultActivityId ?? c.CurrentActivityId ?? "done", c.Id, Note(c, now));
            nodes.WriteTo(output);
        }
        output.WriteLine();

        if (details.Journal.Count == 0)
        {
            output.WriteLine("No step has completed yet.");
            return ExitCodes.Done;
        }

        var table = new TextTable("#", "STARTED (UTC)", "TOOK", "ACTIVITY", "TYPE", "EVENT", "OUTCOME / ERROR");
        var n = 0;
        foreach (var j in details.Journal)
            table.Add((++n).ToString(System.Globalization.CultureInfo.InvariantCulture), Formats.Time(j.StartedAt), Formats.Duration(j.EndedAt - j.StartedAt), j.ActivityId, j.ActivityType, j.EventName, j.Error ?? j.Outcome);
        table.WriteTo(output);
        NodeResultsTable.Write(details.Journal, output);

        n = 0;
        foreach (var j in details.Journal)
        {
            n++;
            if (j.Output is { Length: > 0 } text && (allOutput || j.EventName == "Faulted"))
            {
                output.WriteLine();
                output.WriteLine($"--- #{n} {j.ActivityId} output ---");
                output.WriteLine(text.TrimEnd());
            }
        }

        return ExitCodes.Done;
    }

    /// <summary>Names with short values; objects and lists only by their size (the full JSON is in the store).</summary>
    private static string VariablesLine(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        var parts = document.RootElement.EnumerateObject().Select(p => p.Value.ValueKind switch
        {
            System.Text.Json.JsonValueKind.Object => $"{p.Name} {{{p.Value.EnumerateObject().Count()} keys}}",
            System.Text.Json.JsonValueKind.Array => $"{p.Name} [{p.Value.GetArrayLength()}]",
            _ when p.Value.GetRawText().Length > 60 => $"{p.Name}=...",
            _ => $"{p.Name}={p.Value.GetRawText()}",
        });
        return string.Join(", ", parts) is { Length: > 0 } text ? text : "(none)";
    }

    private static string State(InstanceSummary i, DateTime now) => i.IsInterruptedAt(now) ? "Interrupted" : i.Status.ToString();

    private static string? Note(InstanceSummary i, DateTime now) => i.Status switch
    {
        InstanceStatus.Faulted => i.FaultMessage,
        InstanceStatus.Suspended when i.BookmarkResumesOnRun => $"waiting for its {i.BookmarkName}; if no saga process runs them: saga resume {i.Id}",
        InstanceStatus.Suspended => $"waiting on {i.BookmarkName}: saga approve {i.Id}",
        InstanceStatus.Running when i.IsInterruptedAt(now) => $"runner stopped: saga resume {i.Id}",
        InstanceStatus.Running when i.LeaseOwner is not null => $"run by {i.LeaseHolder} (lease until {Formats.Time(i.LeaseExpiresAt)})",
        _ => null,
    };
}
