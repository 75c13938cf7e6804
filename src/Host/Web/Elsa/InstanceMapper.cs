using System.Globalization;
using System.Text.Json;
using Saga.Engine.Definitions;
using Saga.Engine.Instances;

namespace Saga.Host.Web.Elsa;

/// <summary>Turns an instance and its journal into what the studio's instance viewer reads.</summary>
internal static class InstanceMapper
{
    private const string Lifecycle = "_Lifecycle";
    private const string Nodes = nameof(Nodes);

    public static ElsaInstance ToElsa(InstanceDetails details, WorkflowDefinition? definition)
    {
        var i = details.Summary;
        var activityData = new Dictionary<string, Dictionary<string, object?>>(StringComparer.Ordinal);
        foreach (var entry in details.Journal)
        {
            var data = activityData.TryGetValue(entry.ActivityId, out var existing) ? existing : activityData[entry.ActivityId] = [];
            data[Lifecycle] = new Dictionary<string, bool> { ["Executing"] = true, ["Executed"] = entry.EventName == "Executed" };
            if (entry.Outcome is not null)
                data["Outcome"] = entry.Outcome;
            if (entry.Nodes.Count > 0)
                data[Nodes] = NodesByName(entry);
        }

        if (i.Status == InstanceStatus.Running && i.CurrentActivityId is { } running)
            activityData.TryAdd(running, new() { [Lifecycle] = new Dictionary<string, bool> { ["Executing"] = true, ["Executed"] = false } });

        var blocking = i.Status == InstanceStatus.Suspended && i.CurrentActivityId is { } waiting
            ? [new BlockingActivity(waiting, TypeOf(waiting, details, definition), i.BookmarkName)]
            : Array.Empty<BlockingActivity>();
        var faults = i.Status == InstanceStatus.Faulted
            ? [new ElsaFault(ElsaException.From(i), i.FaultMessage ?? "faulted", i.FaultActivityId, Resuming: false)]
            : Array.Empty<ElsaFault>();
        var current = i.CurrentActivityId is { } at && i.Status is InstanceStatus.Running or InstanceStatus.Suspended ? new ScheduledActivity(at) : null;
        return new ElsaInstance(
            i.Id, i.DefinitionId, i.DefinitionVersionId, i.DefinitionVersion, i.Status.ToString(), i.CorrelationId, i.Name, ElsaJson.Time(i.CreatedAt),
            ElsaJson.Time(i.LastExecutedAt), ElsaJson.Time(i.FinishedAt), ElsaJson.Time(i.CancelledAt), ElsaJson.Time(i.FaultedAt),
            DataBag.FromJsonText(details.VariablesJson), activityData, blocking, current is null ? [] : [current], [], current, faults,
            details.Journal.Count == 0 ? null : details.Journal[^1].ActivityId);
    }

    /// <summary>Two records per journal entry: when it started (the studio hides those) and how it ended.</summary>
    public static IReadOnlyList<ExecutionLogRecord> ToLog(InstanceDetails details)
    {
        var records = new List<ExecutionLogRecord>();
        foreach (var j in details.Journal)
        {
            var id = j.Sequence.ToString(CultureInfo.InvariantCulture);
            records.Add(new(id + "-start", details.Summary.Id, j.ActivityId, j.ActivityType, ElsaJson.Time(j.StartedAt), "Executing", null, null, null));
            var data = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            if (j.EventName == "Executed" && j.Outcome is not null)
                data["Outcomes"] = JsonSerializer.SerializeToElement(new[] { j.Outcome });
            if (j.Error is not null)
                data["Exception"] = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["Type"] = "Fault", ["Message"] = j.Error });
            if (j.Output is { Length: > 0 } output)
                data["Output"] = JsonSerializer.SerializeToElement(output);
            if (j.Nodes.Count > 0)
                data[Nodes] = JsonSerializer.SerializeToElement(NodesByName(j));
            records.Add(new(id, details.Summary.Id, j.ActivityId, j.ActivityType, ElsaJson.Time(j.EndedAt), j.EventName, j.Error ?? j.Outcome, null, data));
        }

        return records;
    }

    public static ActivityStats ToStats(InstanceDetails details, string activityId)
    {
        var runs = details.Journal.Where(j => j.ActivityId == activityId).ToList();
        var durations = runs.Where(j => j.EventName == "Executed").Select(j => j.EndedAt - j.StartedAt).DefaultIfEmpty(TimeSpan.Zero).ToList();
        var last = runs.LastOrDefault();
        return new ActivityStats(
            runs.GroupBy(j => j.EventName).Select(g => new EventCount(g.Key, g.Count())).ToList(),
            TimeSpan.FromTicks((long)durations.Average(d => d.Ticks)).ToString("c", CultureInfo.InvariantCulture),
            durations.Min().ToString("c", CultureInfo.InvariantCulture),
            durations.Max().ToString("c", CultureInfo.InvariantCulture),
            last is null ? null : ElsaJson.Time(last.EndedAt),
            last?.Error is { } error ? new StatsFault(error) : null);
    }

    /// <summary>What the entry did on each node, one line each in the viewer: <c>{"c1": "alreadyDone: at 2.6"}</c>.</summary>
    private static Dictionary<string, string> NodesByName(JournalEntry entry) =>
        entry.Nodes.GroupBy(n => n.Node, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => string.Join("; ", g.Select(n => $"{JsonSerializer.Serialize(n.Result).Trim('"')}: {n.Reason}")), StringComparer.Ordinal);

    private static string TypeOf(string activityId, InstanceDetails details, WorkflowDefinition? definition) =>
        details.Journal.LastOrDefault(j => j.ActivityId == activityId)?.ActivityType
        ?? definition?.Activities.FirstOrDefault(a => a.ActivityId == activityId)?.Type
        ?? "Unknown";
}
