using System.Globalization;
using Saga.Engine.Commands;

namespace Saga.Workflows.Reports;

/// <summary>How the renderers write times, durations, exit codes and excerpts, the same in each.</summary>
internal static class ReportText
{
    /// <summary>Characters of a command's output excerpt a report quotes (the journal keeps more).</summary>
    public const int ShortExcerpt = 240;

    public static string Time(DateTime at) => at.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Seconds(TimeSpan duration) => duration.TotalSeconds.ToString("0.0##", CultureInfo.InvariantCulture);

    public static string Exit(NodeCommand command) => command.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none";

    /// <summary>The tail of the excerpt (where a failure says why), at most <see cref="ShortExcerpt"/> characters.</summary>
    public static string Short(string? excerpt)
    {
        var text = (excerpt ?? "").Trim();
        return text.Length <= ShortExcerpt ? text : "… " + text[^ShortExcerpt..];
    }

    public static string Who(Engine.Activities.Actor? actor) => actor?.ToString() ?? "not recorded";
}
