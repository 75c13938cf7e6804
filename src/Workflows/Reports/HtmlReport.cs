using System.Globalization;
using System.Net;
using System.Text;

namespace Saga.Workflows.Reports;

/// <summary>A run's report as one self-contained HTML file: inline CSS, no scripts, nothing fetched; it prints well.</summary>
public static class HtmlReport
{
    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:62em;color:#1b1b1b}
        h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em;page-break-after:avoid}
        table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ccc;padding:.2em .4em;text-align:left;vertical-align:top}
        th{background:#f2f2f2}.done{color:#135f13}.failed{color:#a11}.state{font-weight:bold}
        pre{background:#f7f7f7;padding:.5em;white-space:pre-wrap;font-size:12px}section{page-break-inside:avoid}
        @media print{body{margin:0;max-width:none}details{display:block}details>summary{list-style:none}}
        """;

    public static string Render(RunDocument run)
    {
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E($"Calico downgrade run {run.Id}")).Append("</title><style>")
            .Append(Style).Append("</style></head><body>");
        h.Append("<h1>").Append(E($"Calico downgrade run {run.Id}{(run.Name is null ? "" : $" ({run.Name})")}")).Append("</h1><table>");
        Row(h, "Status", run.Status + (run.Fault is null ? "" : " at " + run.Fault));
        Row(h, "Started", MarkdownReport.Time(run.CreatedAt));
        Row(h, "Ended", run.EndedAt is { } ended ? MarkdownReport.Time(ended) : "not yet");
        if (run.ForcedOver is not null)
            Row(h, "Started with --force", run.ForcedOver);
        Row(h, "/calico/v1/Ready", $"before {run.ReadyBefore ?? "not read"}, after {run.ReadyAfter ?? "not set"}");
        foreach (var (platform, set) in run.VersionSets)
            Row(h, $"2.6 set for {platform}", string.Join(", ", set.Select(v => $"{v.Key} {v.Value}")));
        if (run.EtcdV3Dump is { } dump)
            Row(h, "etcdv3 dump", $"{dump.Keys} key(s) at revision {dump.Revision}, {dump.Node}:{dump.Path}, sha256 {dump.Sha256}");
        Row(h, "etcdv3 delete", run.EtcdV3Delete ?? "not run");
        foreach (var approval in run.Approvals)
            Row(h, $"Approval {approval.ActivityId}", $"{MarkdownReport.Time(approval.At)}: {approval.Decision}");
        foreach (var restore in run.Restores)
            Row(h, $"Restore {restore.Id}", $"{restore.Status}, {MarkdownReport.Time(restore.CreatedAt)}: {string.Join("; ", restore.Nodes.Select(n => $"{n.Node} {n.Describe()}"))}");
        h.Append("</table>");

        foreach (var node in run.Nodes)
        {
            h.Append("<section><h2>").Append(E($"Node {node.Name}")).Append("</h2><p>").Append(E($"Role: {node.Role}; OS: {node.Platform ?? "not read"}. Final state: "))
                .Append("<span class=\"state\">").Append(E(node.FinalState)).Append("</span></p>");
            h.Append("<table><tr><th>package</th><th>before</th><th>after</th></tr>");
            foreach (var package in node.VersionsBefore.Keys.Union(node.VersionsAfter.Keys))
                h.Append("<tr><td>").Append(E(package)).Append("</td><td>").Append(E(node.VersionsBefore.GetValueOrDefault(package) ?? "-")).Append("</td><td>").Append(E(node.VersionsAfter.GetValueOrDefault(package) ?? "-")).Append("</td></tr>");
            h.Append("</table><p>Backups (the state before the run):</p><ul>");
            foreach (var backup in node.Backups)
                h.Append("<li>").Append(E(backup.Describe())).Append("</li>");
            h.Append("</ul><table><tr><th>step</th><th>instance</th><th>started</th><th>s</th><th>result</th><th>what</th></tr>");
            foreach (var step in node.Steps)
            {
                h.Append("<tr><td>").Append(E(step.ActivityId)).Append("</td><td>").Append(E(step.Instance)).Append("</td><td>").Append(E(MarkdownReport.Time(step.StartedAt)))
                    .Append("</td><td>").Append(step.Seconds.ToString("0.0", CultureInfo.InvariantCulture)).Append("</td><td class=\"").Append(step.Result == "failed" ? "failed" : "done").Append("\">")
                    .Append(E(step.Result)).Append("</td><td>").Append(E(step.Reason));
                if (step.Excerpt is not null)
                    h.Append("<details><summary>output</summary><pre>").Append(E(step.Excerpt)).Append("</pre></details>");
                h.Append("</td></tr>");
            }

            h.Append("</table></section>");
        }

        return h.Append("</body></html>\n").ToString();
    }

    private static void Row(StringBuilder h, string name, string value) => h.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>");

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
