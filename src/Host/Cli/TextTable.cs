namespace Saga.Host.Cli;

/// <summary>A plain aligned table for terminals and for grep.</summary>
internal sealed class TextTable(params string[] headers)
{
    private readonly List<string[]> rows = [];

    public void Add(params string?[] cells) => rows.Add(cells.Select(c => (c ?? "").ReplaceLineEndings(" ")).ToArray());

    public void WriteTo(TextWriter writer)
    {
        var widths = headers.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        writer.WriteLine(Format(headers, widths));
        foreach (var row in rows)
            writer.WriteLine(Format(row, widths));
    }

    private static string Format(string[] cells, int[] widths) =>
        string.Join("  ", cells.Select((c, i) => i == cells.Length - 1 ? c : c.PadRight(widths[i]))).TrimEnd();
}
