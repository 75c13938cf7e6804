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
        var command = new Command("status", "Lists instances, or shows one instance's journal step by step.\n\n" + ExitCodes.Help) { id, status, limit, output };
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var instances = services.GetRequiredService<IWorkflowInstances>();
            var time = services.GetRequiredService<TimeProvider>();
            return parse.GetValue(id) is { } instanceId
                ? await ShowAsync(instances, instanceId, parse.GetValue(output), time, token)
                : await ListAsync(instances, parse.GetValue(status), parse.GetValue(limit), time, token);
        }, ct));
        return command;
    }

    private static async Task<int> ListAsync(IWorkflowInstances instances, InstanceStatus? status, int limit, TimeProvider time, CancellationToken cancellationToken)
    {
        var list = await instances.ListAsync(status, Math.Max(1, limit), cancellationToken);
        if (list.Count == 0)
        {
            Console.WriteLine(status is null ? "No instances yet." : $"No {status} instances.");
            return ExitCodes.Done;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var table = new TextTable("ID", "STATUS", "WORKFLOW", "AT", "CREATED (UTC)", "NOTE");
        foreach (var i in list)
            table.Add(i.Id, State(i, now), $"{i.DefinitionId} v{i.DefinitionVersion}", i.FaultActivityId ?? i.CurrentActivityId, Formats.Time(i.CreatedAt), Note(i, now));
        table.WriteTo(Console.Out);
        return ExitCodes.Done;
    }

    private static async Task<int> ShowAsync(IWorkflowInstances instances, string instanceId, bool allOutput, TimeProvider time, CancellationToken cancellationToken)
    {
        var details = await instances.GetAsync(instanceId, cancellationToken)
                      ?? throw new Engine.Runtime.InstanceStateException($"There is no instance '{instanceId}'. 'saga status' lists them.");
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
        output.WriteLine($"Variables  {details.VariablesJson}");
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
