using System.Globalization;
using Saga.Engine.Instances;

namespace Saga.Host.Cli;

/// <summary>What each journalled step did on each node it touched: done, already done, skipped or failed, and why.</summary>
internal static class NodeResultsTable
{
    public static void Write(IReadOnlyList<JournalEntry> journal, TextWriter output)
    {
        if (journal.All(j => j.Nodes.Count == 0))
            return;
        var table = new TextTable("#", "ACTIVITY", "NODE", "RESULT", "REASON");
        for (var n = 0; n < journal.Count; n++)
        {
            foreach (var node in journal[n].Nodes)
                table.Add((n + 1).ToString(CultureInfo.InvariantCulture), journal[n].ActivityId, node.Node, Name(node.Result), node.Reason);
        }

        output.WriteLine();
        table.WriteTo(output);
    }

    /// <summary>As the journal stores it: done, alreadyDone, skipped, failed.</summary>
    private static string Name(Engine.Activities.NodeResultKind result) => System.Text.Json.JsonSerializer.Serialize(result).Trim('"');
}
