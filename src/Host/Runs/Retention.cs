using System.Globalization;
using Saga.Engine.Instances;
using Saga.Workflows;

namespace Saga.Host.Runs;

/// <summary>
/// Which runs' backups <c>saga prune</c> may delete: only those no restore needs. A downgrade's backups (the copies of
/// what it changed, the etcdv3 dump, the saved 3.1 package files) are what <c>saga restore</c> puts back, and any run that
/// has ended can be restored; so they go only once a restore of the run has finished (its nodes are back as preflight
/// found them) and the run ended before the cut-off, or when the operator names the run. A restore that has not ended
/// (running, waiting, faulted, interrupted: it may be resumed) keeps its run's backups even when the run is named.
/// </summary>
internal static class Retention
{
    /// <summary>
    /// The downgrades whose backups go: ended before <paramref name="cutoff"/> and restored, or named in
    /// <paramref name="named"/>; never one whose restore is under way (<see cref="Restoring"/>).
    /// </summary>
    public static IReadOnlyList<InstanceSummary> BackupsToDelete(IEnumerable<InstanceSummary> instances, DateTime cutoff, IReadOnlyCollection<string> named)
    {
        var all = instances.ToList();
        var restoring = Restoring(all);
        var restored = Restores(all).Where(r => r.Status == InstanceStatus.Finished).Select(r => r.CorrelationId).ToHashSet(StringComparer.Ordinal);
        return all.Where(i => i.DefinitionId == CalicoDowngradeFlow.DefinitionId && i.ParentInstanceId is null && !restoring.Contains(i.Id))
            .Where(i => named.Contains(i.Id, StringComparer.Ordinal) || (restored.Contains(i.Id) && (i.FinishedAt ?? i.CancelledAt) < cutoff))
            .ToList();
    }

    /// <summary>The runs a restore of which has not ended: it may be resumed, and reads their backups.</summary>
    public static IReadOnlySet<string> Restoring(IEnumerable<InstanceSummary> instances) =>
        Restores(instances).Where(r => r.Status is not (InstanceStatus.Finished or InstanceStatus.Cancelled))
            .Select(r => r.CorrelationId!).ToHashSet(StringComparer.Ordinal);

    private static IEnumerable<InstanceSummary> Restores(IEnumerable<InstanceSummary> instances) =>
        instances.Where(i => i.DefinitionId == RestoreFlow.DefinitionId && i.ParentInstanceId is null && i.CorrelationId is not null);

    /// <summary>The log files in <paramref name="folder"/> last written before <paramref name="cutoff"/> (saga's own: <c>saga-*</c>).</summary>
    public static IReadOnlyList<string> LogsToDelete(string folder, DateTime cutoff) =>
        Directory.Exists(folder)
            ? Directory.GetFiles(folder, "saga-*").Where(f => File.GetLastWriteTimeUtc(f) < cutoff).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>An age such as <c>90d</c>, <c>12h</c> or <c>30m</c>.</summary>
    /// <exception cref="InvalidDataException">Not a whole number followed by d, h or m.</exception>
    public static TimeSpan ParseAge(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var unit = text.Length > 1 ? text[^1] : ' ';
        if (!int.TryParse(text[..^1], NumberStyles.None, CultureInfo.InvariantCulture, out var count) || unit is not ('d' or 'h' or 'm'))
            throw new InvalidDataException($"--older-than '{text}' is not an age such as 90d, 12h or 30m.");
        return unit switch { 'd' => TimeSpan.FromDays(count), 'h' => TimeSpan.FromHours(count), _ => TimeSpan.FromMinutes(count) };
    }
}
