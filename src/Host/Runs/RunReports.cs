using System.Text.Json;
using Saga.Workflows.Reports;

namespace Saga.Host.Runs;

/// <summary>The formats a run's report is written in.</summary>
internal enum ReportFormat
{
    Markdown,
    Html,
    Json,
}

/// <summary>
/// A run's report as text, for <c>saga report</c> and <c>GET /api/instances/{id}/report</c> alike: built by
/// <see cref="RunReportBuilder"/> from the store, rendered by the format's renderer.
/// </summary>
internal static class RunReports
{
    private static readonly JsonSerializerOptions ReportJson = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The report of <paramref name="runId"/>; throws as <see cref="RunReportBuilder.BuildAsync"/> does for an unknown instance or one that is no run.</summary>
    public static async Task<(RunDocument Document, string Text)> WriteAsync(RunReportBuilder builder, string runId, ReportFormat format, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var document = await builder.BuildAsync(runId, cancellationToken);
        return (document, Render(document, format));
    }

    public static string Render(RunDocument document, ReportFormat format) => format switch
    {
        ReportFormat.Html => HtmlReport.Render(document),
        ReportFormat.Json => JsonSerializer.Serialize(document, ReportJson) + "\n",
        _ => MarkdownReport.Render(document),
    };

    /// <summary>The media type of <paramref name="format"/>, with its charset.</summary>
    public static string ContentType(ReportFormat format) => format switch
    {
        ReportFormat.Html => "text/html; charset=utf-8",
        ReportFormat.Json => "application/json; charset=utf-8",
        _ => "text/markdown; charset=utf-8",
    };
}
