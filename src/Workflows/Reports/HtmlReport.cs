using System.Globalization;
using System.Net;
using System.Text;

namespace Saga.Workflows.Reports;

/// <summary>
/// A run's report as one self-contained HTML file: inline CSS, no scripts, nothing fetched; it prints well (a print
/// stylesheet: no page margins lost to the screen layout, table headers repeated on each page, rows kept whole, long
/// commands wrapped). Every value is HTML-encoded, so names, comments and node output are shown, never rendered.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font:14px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;color:#1b1b1b;padding:0 1em}
        h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #ccc;margin-top:2em;page-break-after:avoid}h3{font-size:1em;margin:1.2em 0 .3em}
        table{border-collapse:collapse;width:100%;margin:.5em 0}th,td{border:1px solid #ccc;padding:.2em .4em;text-align:left;vertical-align:top}
        th{background:#f2f2f2}td.cmd,td.out{font-family:ui-monospace,monospace;font-size:12px;white-space:pre-wrap;word-break:break-all}
        .done{color:#135f13}.failed{color:#a11}.state{font-weight:bold}.auto{font-style:italic}
        pre{background:#f7f7f7;padding:.5em;white-space:pre-wrap;word-break:break-all;font-size:12px}
        pre.diff .del{color:#a11}pre.diff .add{color:#135f13}
        @page{margin:1.5cm}
        @media print{body{margin:0;max-width:none;font-size:11px;padding:0}section{page-break-before:always}thead{display:table-header-group}
        tr,pre{page-break-inside:avoid}th{background:#eee!important;-webkit-print-color-adjust:exact;print-color-adjust:exact}a{color:inherit;text-decoration:none}}
        """;

    public static string Render(RunDocument run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var h = new StringBuilder();
        h.Append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>").Append(E($"Calico downgrade run {run.Id}")).Append("</title><style>")
            .Append(Style).Append("</style></head><body>");
        h.Append("<h1>").Append(E($"Calico downgrade run {run.Id}{(run.Name is null ? "" : $" ({run.Name})")}")).Append("</h1><table>");
        Row(h, "Status", run.Status + (run.Fault is null ? "" : " at " + run.Fault));
        Row(h, "Started", $"{ReportText.Time(run.CreatedAt)} by {ReportText.Who(run.StartedBy)}");
        Row(h, "Ended", run.EndedAt is { } ended ? ReportText.Time(ended) : "not yet");
        if (run.ForcedOver is not null)
            Row(h, "Started with --force", run.ForcedOver);
        Row(h, "/calico/v1/Ready", $"before {run.ReadyBefore ?? "not read"}, after {run.ReadyAfter ?? "not set"}");
        foreach (var (platform, set) in run.VersionSets)
            Row(h, $"2.6 set for {platform}", string.Join(", ", set.Select(v => $"{v.Key} {v.Value}")));
        if (run.EtcdV3Dump is { } dump)
            Row(h, "etcdv3 dump", $"{dump.Keys} key(s) at revision {dump.Revision}, {dump.Node}:{dump.Path}, sha256 {dump.Sha256}");
        Row(h, "etcdv3 delete", run.EtcdV3Delete ?? "not run");
        h.Append("</table><h2>Approvals</h2>");
        if (run.Approvals.Count == 0)
            h.Append("<p>None asked.</p>");
        else
        {
            h.Append("<table><thead><tr><th>gate</th><th>when</th><th>decision</th><th>who</th><th>why</th></tr></thead>");
            foreach (var approval in run.Approvals)
            {
                Cells(h, approval.ActivityId, ReportText.Time(approval.At), approval.Approved is { } yes ? yes ? "approved" : "rejected" : approval.Decision,
                    approval.By ?? (approval.Approved is null ? "" : "not recorded"), approval.Comment ?? "");
            }

            h.Append("</table>");
        }

        Restores(h, run);
        foreach (var node in run.Nodes)
            Node(h, node);
        return h.Append("</body></html>\n").ToString();
    }

    private static void Restores(StringBuilder h, RunDocument run)
    {
        var automatic = run.Nodes.SelectMany(n => n.Restores.Where(r => r.Automatic).Select(r => (Node: n.Name, Restore: r))).ToList();
        h.Append("<h2>Restores</h2>");
        if (run.Restores.Count == 0 && automatic.Count == 0)
        {
            h.Append("<p>None.</p>");
            return;
        }

        h.Append("<table><thead><tr><th>restore</th><th>state</th><th>started</th><th>by</th><th>nodes</th></tr></thead>");
        foreach (var restore in run.Restores)
            Cells(h, restore.Id, restore.Status, ReportText.Time(restore.CreatedAt), ReportText.Who(restore.StartedBy), string.Join("; ", restore.Nodes.Select(n => $"{n.Node} {n.Describe()}")));
        foreach (var (node, restore) in automatic)
            Cells(h, restore.RestoreId, restore.Status, ReportText.Time(restore.CreatedAt), "automatic: " + ReportText.Who(restore.StartedBy), $"{node} {restore.Reason}");
        h.Append("</table>");
    }

    private static void Node(StringBuilder h, NodeDocument node)
    {
        h.Append("<section><h2>").Append(E($"Node {node.Name}")).Append("</h2><p>").Append(E($"Role: {node.Role}; OS: {node.Platform ?? "not read"}. Final state: "))
            .Append("<span class=\"state\">").Append(E(node.FinalState)).Append("</span></p>");
        h.Append("<table><thead><tr><th>package</th><th>before</th><th>after</th></tr></thead>");
        foreach (var package in node.VersionsBefore.Keys.Union(node.VersionsAfter.Keys))
            Cells(h, package, node.VersionsBefore.GetValueOrDefault(package) ?? "-", node.VersionsAfter.GetValueOrDefault(package) ?? "-");
        h.Append("</table>");
        if (node.FelixCfgDiff.Count > 0)
        {
            h.Append("<h3>felix.cfg changes</h3><pre class=\"diff\">");
            foreach (var line in node.FelixCfgDiff)
                h.Append("<span class=\"").Append(line.StartsWith('-') ? "del" : "add").Append("\">").Append(E(line)).Append("</span>\n");
            h.Append("</pre>");
        }

        h.Append("<h3>Backups (the state before the run)</h3>");
        if (node.Backups.Count == 0)
            h.Append("<p>None.</p>");
        else
        {
            h.Append("<ul>");
            foreach (var backup in node.Backups)
                h.Append("<li>").Append(E(backup.Describe())).Append("</li>");
            h.Append("</ul>");
        }

        if (node.Restores.Count > 0)
        {
            h.Append("<h3>Restores</h3><table><thead><tr><th>restore</th><th>state</th><th>started</th><th>by</th><th>result</th></tr></thead>");
            foreach (var restore in node.Restores)
                Cells(h, restore.RestoreId, restore.Status, ReportText.Time(restore.CreatedAt), (restore.Automatic ? "automatic: " : "") + ReportText.Who(restore.StartedBy), $"{restore.Result.ToString().ToLowerInvariant()}: {restore.Reason}");
            h.Append("</table>");
        }

        h.Append("<h3>Steps</h3><table><thead><tr><th>step</th><th>instance</th><th>started</th><th>s</th><th>result</th><th>what</th></tr></thead>");
        foreach (var step in node.Steps)
        {
            h.Append("<tr><td>").Append(E(step.ActivityId)).Append("</td><td>").Append(E(step.Instance)).Append("</td><td>").Append(E(ReportText.Time(step.StartedAt)))
                .Append("</td><td>").Append(step.Seconds.ToString("0.0", CultureInfo.InvariantCulture)).Append("</td><td class=\"").Append(step.Result == "failed" ? "failed" : "done").Append("\">")
                .Append(E(step.Result)).Append("</td><td>").Append(E(step.Reason)).Append("</td></tr>");
        }

        h.Append("</table><h3>Commands</h3>");
        if (node.Commands.Count == 0)
            h.Append("<p>None kept.</p>");
        else
        {
            h.Append("<table><thead><tr><th>started</th><th>step</th><th>command</th><th>exit</th><th>s</th><th>output (end)</th></tr></thead>");
            foreach (var command in node.Commands)
            {
                h.Append("<tr><td>").Append(E(ReportText.Time(command.StartedAt))).Append("</td><td>").Append(E(command.ActivityId ?? "")).Append("</td><td class=\"cmd\">").Append(E(command.Command))
                    .Append("</td><td class=\"").Append(command.ExitCode == 0 ? "done" : "failed").Append("\">").Append(E(ReportText.Exit(command))).Append("</td><td>")
                    .Append(E(ReportText.Seconds(command.Duration))).Append("</td><td class=\"out\">").Append(E(ReportText.Short(command.Excerpt))).Append("</td></tr>");
            }

            h.Append("</table>");
        }

        h.Append("</section>");
    }

    private static void Row(StringBuilder h, string name, string value) => h.Append("<tr><th>").Append(E(name)).Append("</th><td>").Append(E(value)).Append("</td></tr>");

    private static void Cells(StringBuilder h, params string[] values)
    {
        h.Append("<tr>");
        foreach (var value in values)
            h.Append("<td>").Append(E(value)).Append("</td>");
        h.Append("</tr>");
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
