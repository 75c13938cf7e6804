using System.Globalization;
using System.Text;

namespace Saga.Workflows.Reports;

/// <summary>A run's report as Markdown: the cluster, then each node with its steps.</summary>
public static class MarkdownReport
{
    public static string Render(RunDocument run)
    {
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Calico downgrade run {run.Id}{(run.Name is null ? "" : $" ({run.Name})")}").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Status: **{run.Status}**{(run.Fault is null ? "" : $" at {Cell(run.Fault)}")}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Started: {Time(run.CreatedAt)}; ended: {(run.EndedAt is { } ended ? Time(ended) : "not yet")}");
        if (run.ForcedOver is not null)
            md.AppendLine(CultureInfo.InvariantCulture, $"- Started with --force: {run.ForcedOver}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- /calico/v1/Ready: before {run.ReadyBefore ?? "not read"}, after {run.ReadyAfter ?? "not set"}");
        foreach (var (platform, set) in run.VersionSets)
            md.AppendLine(CultureInfo.InvariantCulture, $"- 2.6 version set for {platform}: {string.Join(", ", set.Select(v => $"{v.Key} {v.Value}"))}");
        if (run.EtcdV3Dump is { } dump)
            md.AppendLine(CultureInfo.InvariantCulture, $"- etcdv3 dump: {dump.Keys} key(s) at revision {dump.Revision}, {dump.Node}:`{dump.Path}`, sha256 `{dump.Sha256}`");
        md.AppendLine(CultureInfo.InvariantCulture, $"- etcdv3 delete: {run.EtcdV3Delete ?? "not run"}");
        md.AppendLine().AppendLine("## Approvals").AppendLine();
        if (run.Approvals.Count == 0)
            md.AppendLine("None asked.");
        foreach (var approval in run.Approvals)
            md.AppendLine(CultureInfo.InvariantCulture, $"- {approval.ActivityId} at {Time(approval.At)}: {approval.Decision}");
        md.AppendLine().AppendLine("## Restores").AppendLine();
        if (run.Restores.Count == 0)
            md.AppendLine("None.");
        foreach (var restore in run.Restores)
            md.AppendLine(CultureInfo.InvariantCulture, $"- {restore.Id} ({restore.Status}, {Time(restore.CreatedAt)}): {string.Join("; ", restore.Nodes.Select(n => $"{n.Node} {n.Describe()}"))}");

        foreach (var node in run.Nodes)
        {
            md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## Node {node.Name}").AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"- Role: {node.Role}; OS: {node.Platform ?? "not read"}");
            md.AppendLine(CultureInfo.InvariantCulture, $"- Final state: **{Cell(node.FinalState)}**");
            md.AppendLine().AppendLine("| package | before | after |").AppendLine("|---|---|---|");
            foreach (var package in node.VersionsBefore.Keys.Union(node.VersionsAfter.Keys))
                md.AppendLine(CultureInfo.InvariantCulture, $"| {package} | {node.VersionsBefore.GetValueOrDefault(package) ?? "-"} | {node.VersionsAfter.GetValueOrDefault(package) ?? "-"} |");
            md.AppendLine().AppendLine("Backups (the state before the run):").AppendLine();
            foreach (var backup in node.Backups)
                md.AppendLine(CultureInfo.InvariantCulture, $"- {Cell(backup.Describe())}");
            md.AppendLine().AppendLine("| step | instance | started | seconds | result | what |").AppendLine("|---|---|---|---|---|---|");
            foreach (var step in node.Steps)
                md.AppendLine(CultureInfo.InvariantCulture, $"| {step.ActivityId} | {step.Instance} | {Time(step.StartedAt)} | {step.Seconds:0.0} | {step.Result} | {Cell(step.Reason)} |");
            foreach (var step in node.Steps.Where(s => s.Excerpt is not null))
                md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"<details><summary>{step.ActivityId}</summary>").AppendLine().AppendLine("```").AppendLine(step.Excerpt!.Replace("```", "'''", StringComparison.Ordinal)).AppendLine("```").AppendLine("</details>");
        }

        return md.ToString();
    }

    internal static string Time(DateTime at) => at.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\n", " ", StringComparison.Ordinal);
}
