using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Saga.Workflows.Reports;

/// <summary>
/// A run's report as Markdown: the cluster, then each node with its steps and commands. Every value that comes from
/// outside (names, comments, node output, commands) is escaped: Markdown and HTML syntax in it is shown, never rendered.
/// </summary>
public static partial class MarkdownReport
{
    public static string Render(RunDocument run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var md = new StringBuilder();
        md.AppendLine(CultureInfo.InvariantCulture, $"# Calico downgrade run {Text(run.Id)}{(run.Name is null ? "" : $" ({Text(run.Name)})")}").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Status: **{Text(run.Status)}**{(run.Fault is null ? "" : $" at {Text(run.Fault)}")}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Started: {Time(run.CreatedAt)} by {Text(ReportText.Who(run.StartedBy))}; ended: {(run.EndedAt is { } ended ? Time(ended) : "not yet")}");
        if (run.ForcedOver is not null)
            md.AppendLine(CultureInfo.InvariantCulture, $"- Started with --force: {Text(run.ForcedOver)}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- /calico/v1/Ready: before {Text(run.ReadyBefore ?? "not read")}, after {Text(run.ReadyAfter ?? "not set")}");
        foreach (var (platform, set) in run.VersionSets)
            md.AppendLine(CultureInfo.InvariantCulture, $"- 2.6 version set for {Text(platform)}: {Text(string.Join(", ", set.Select(v => $"{v.Key} {v.Value}")))}");
        if (run.EtcdV3Dump is { } dump)
            md.AppendLine(CultureInfo.InvariantCulture, $"- etcdv3 dump: {dump.Keys} key(s) at revision {dump.Revision}, {Text($"{dump.Node}:{dump.Path}")}, sha256 {Text(dump.Sha256)}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- etcdv3 delete: {Text(run.EtcdV3Delete ?? "not run")}");
        md.AppendLine().AppendLine("## Approvals").AppendLine();
        if (run.Approvals.Count == 0)
            md.AppendLine("None asked.");
        foreach (var approval in run.Approvals)
            md.AppendLine(CultureInfo.InvariantCulture, $"- {Text(approval.ActivityId)} at {Time(approval.At)}: {Text(approval.Decision)}");
        md.AppendLine().AppendLine("## Restores").AppendLine();
        if (run.Restores.Count == 0 && run.Nodes.All(n => n.Restores.All(r => !r.Automatic)))
            md.AppendLine("None.");
        foreach (var restore in run.Restores)
            md.AppendLine(CultureInfo.InvariantCulture, $"- {Text(restore.Id)} ({Text(restore.Status)}, {Time(restore.CreatedAt)}, by {Text(ReportText.Who(restore.StartedBy))}): {Text(string.Join("; ", restore.Nodes.Select(n => $"{n.Node} {n.Describe()}")))}");
        foreach (var (node, restore) in run.Nodes.SelectMany(n => n.Restores.Where(r => r.Automatic).Select(r => (n.Name, r))))
            md.AppendLine(CultureInfo.InvariantCulture, $"- {Text(restore.RestoreId)} ({Text(restore.Status)}, {Time(restore.CreatedAt)}, automatic: {Text(ReportText.Who(restore.StartedBy))}): {Text(node)} {Text(restore.Reason)}");

        foreach (var node in run.Nodes)
            Node(md, node);
        return md.ToString();
    }

    private static void Node(StringBuilder md, NodeDocument node)
    {
        md.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"## Node {Text(node.Name)}").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"- Role: {Text(node.Role)}; OS: {Text(node.Platform ?? "not read")}");
        md.AppendLine(CultureInfo.InvariantCulture, $"- Final state: **{Text(node.FinalState)}**");
        md.AppendLine().AppendLine("| package | before | after |").AppendLine("|---|---|---|");
        foreach (var package in node.VersionsBefore.Keys.Union(node.VersionsAfter.Keys))
            md.AppendLine(CultureInfo.InvariantCulture, $"| {Text(package)} | {Text(node.VersionsBefore.GetValueOrDefault(package) ?? "-")} | {Text(node.VersionsAfter.GetValueOrDefault(package) ?? "-")} |");
        if (node.FelixCfgDiff.Count > 0)
        {
            md.AppendLine().AppendLine("felix.cfg changes:").AppendLine().AppendLine("```diff");
            foreach (var line in node.FelixCfgDiff)
                md.AppendLine(Fenced(line));
            md.AppendLine("```");
        }

        md.AppendLine().AppendLine("Backups (the state before the run):").AppendLine();
        if (node.Backups.Count == 0)
            md.AppendLine("None.");
        foreach (var backup in node.Backups)
            md.AppendLine(CultureInfo.InvariantCulture, $"- {Text(backup.Describe())}");
        if (node.Restores.Count > 0)
        {
            md.AppendLine().AppendLine("Restores:").AppendLine();
            foreach (var restore in node.Restores)
                md.AppendLine(CultureInfo.InvariantCulture, $"- {Text(restore.RestoreId)} ({Text(restore.Status)}, {Time(restore.CreatedAt)}, {(restore.Automatic ? "automatic" : "by " + Text(ReportText.Who(restore.StartedBy)))}): {Text(restore.Result.ToString().ToLowerInvariant())}, {Text(restore.Reason)}");
        }

        md.AppendLine().AppendLine("| step | instance | started | seconds | result | what |").AppendLine("|---|---|---|---|---|---|");
        foreach (var step in node.Steps)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {Text(step.ActivityId)} | {Text(step.Instance)} | {Time(step.StartedAt)} | {step.Seconds:0.0} | {Text(step.Result)} | {Text(step.Reason)} |");

        md.AppendLine().AppendLine("Commands:").AppendLine();
        if (node.Commands.Count == 0)
            md.AppendLine("None kept.");
        else
            md.AppendLine("| started | step | command | exit | seconds | output (end) |").AppendLine("|---|---|---|---|---|---|");
        foreach (var command in node.Commands)
            md.AppendLine(CultureInfo.InvariantCulture, $"| {Time(command.StartedAt)} | {Text(command.ActivityId ?? "")} | {Text(command.Command)} | {ReportText.Exit(command)} | {ReportText.Seconds(command.Duration)} | {Text(ReportText.Short(command.Excerpt))} |");
    }

    internal static string Time(DateTime at) => ReportText.Time(at);

    /// <summary>
    /// Text from outside as inert Markdown on one line: Markdown's punctuation backslash-escaped, <c>&lt;</c>, <c>&gt;</c>
    /// and <c>&amp;</c> as entities (no HTML reaches a renderer), line breaks as spaces, so a table cell stays one cell.
    /// </summary>
    public static string Text(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var flat = LineBreaks().Replace(text, " ");
        var escaped = new StringBuilder(flat.Length + 8);
        foreach (var c in flat)
        {
            _ = c switch
            {
                '&' => escaped.Append("&amp;"),
                '<' => escaped.Append("&lt;"),
                '>' => escaped.Append("&gt;"),
                '\\' or '`' or '*' or '_' or '{' or '}' or '[' or ']' or '(' or ')' or '#' or '+' or '!' or '|' or '~' => escaped.Append('\\').Append(c),
                _ => escaped.Append(c),
            };
        }

        return escaped.ToString();
    }

    /// <summary>A line inside a fenced block: shown as it is, but it cannot close the fence.</summary>
    private static string Fenced(string line) => LineBreaks().Replace(line, " ").Replace("```", "'''", StringComparison.Ordinal);

    [GeneratedRegex(@"[\r\n\u0085\u2028\u2029]+")]
    private static partial Regex LineBreaks();
}
