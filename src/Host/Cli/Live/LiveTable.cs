using Spectre.Console;
using Spectre.Console.Rendering;

namespace Saga.Host.Cli.Live;

/// <summary>Draws a <see cref="ClusterView"/>: the run's step, a line per node in flight, the counts, and a progress bar over the compute nodes.</summary>
internal static class LiveTable
{
    private const int BarWidth = 20;

    public static IRenderable Render(ClusterView view, DateTime now)
    {
        var table = new Table().Border(TableBorder.Rounded).Expand()
            .Title($"[bold]{Markup.Escape(view.Title)}[/]  {Markup.Escape(view.InstanceId)}")
            .AddColumn("NODE").AddColumn("STATE").AddColumn("LAST STEP").AddColumn(new TableColumn("ELAPSED").RightAligned()).AddColumn("COMPUTE NODES");
        table.AddRow(new Markup("[bold]cluster[/]"), new Markup(Colour(view.State)), new Text(view.Step ?? "-"), new Text(Formats.Duration(now - view.Since)), new Markup(Bar(view)));
        foreach (var node in view.Nodes.Where(n => n.State == NodeView.Running))
            table.AddRow(new Text(node.Name), new Markup(Colour(node.State)), new Text(node.Step ?? "-"), new Text(Formats.Duration(now - node.Since)), new Text(""));
        foreach (var node in view.Nodes.Where(n => n.State == NodeView.Failed))
            table.AddRow(new Text(node.Name), new Markup(Colour(node.State)), new Text(node.Step ?? "-"), new Text(Formats.Duration((node.Ended ?? now) - node.Since)), new Text(""));
        table.Caption($"finished [green]{view.Finished}[/]  failed [red]{view.Failed}[/]  in flight [blue]{view.InFlight}[/]  waiting {view.Waiting}");
        return table;
    }

    /// <summary>The compute nodes that have ended, as a bar and a count: "█████░░░░░ 3/10".</summary>
    private static string Bar(ClusterView view)
    {
        var done = view.Finished + view.Failed;
        var filled = Math.Min(BarWidth, (int)Math.Round(BarWidth * (double)done / Math.Max(1, view.ComputeTotal)));
        return $"[green]{new string('█', filled)}[/][grey]{new string('░', BarWidth - filled)}[/] {done}/{view.ComputeTotal}";
    }

    private static string Colour(string state) => state switch
    {
        NodeView.Done => "[green]finished[/]",
        NodeView.Failed or "faulted" => $"[red]{state}[/]",
        NodeView.Running => "[blue]running[/]",
        _ => Markup.Escape(state),
    };
}
