using System.Globalization;
using Saga.Engine.Instances;
using Saga.Workflows;

namespace Saga.Host.Runs;

/// <summary>
/// Which runs' backups <c>saga prune</c> may delete: those of downgrades that finished before the cut-off. A run that has
/// not finished (running, waiting, faulted: it may be resumed) or that was cancelled half-way (its backups are what a
/// restore needs) keeps them, unless the operator names it.
/// </summary>
internal static class Retention
{
    /// <summary>The downgrades whose backups go: finished before <paramref name="cutoff"/>, or named in <paramref name="named"/>.</summary>
    public static IReadOnlyList<InstanceSummary> BackupsToDelete(IEnumerable<InstanceSummary> instances, DateTime cutoff, IReadOnlyCollection<string> named) =>
        instances.Where(i => i.DefinitionId == CalicoDowngradeFlow.DefinitionId && i.ParentInstanceId is null)
            .Where(i => named.Contains(i.Id, StringComparer.Ordinal) || (i.Status == InstanceStatus.Finished && i.FinishedAt < cutoff))
            .ToList();

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
