using Saga.Workflows;

namespace Saga.Host.Cli;

/// <summary>Prints planned steps as <c>saga plan</c> and <c>saga restore --plan</c> show them: each step, each node, its lines.</summary>
internal static class PlanPrinter
{
    public static void Write(IEnumerable<PlannedStep> steps, TextWriter writer)
    {
        foreach (var step in steps)
        {
            writer.WriteLine();
            writer.WriteLine($"== {step.ActivityId}: {step.Title}");
            foreach (var node in step.Nodes)
            {
                writer.WriteLine(node.Platform.Length > 0 ? $"  {node.Node} ({node.Platform})" : $"  {node.Node}");
                foreach (var line in node.Commands)
                    writer.WriteLine($"      {line}");
            }
        }
    }
}
