using System.Text;

namespace Saga.Activities.Calico;

/// <summary>
/// Edits /etc/calico/felix.cfg the way Felix 2.6 reads it. Felix loads the file with go-ini (v1.32.0, the version
/// felix 2.6.5's glide.lock pins) and merges the keys of every section into one map, matching names in any case
/// (config/file_loader.go, config_params.go), so a <c>DatastoreType = etcdv3</c> entry is found in any section, any
/// case, any spacing, with <c>=</c> or <c>:</c>, quoted, and with a trailing <c>#</c> or <c>;</c> comment. Lines are
/// handled as bytes: every byte of every other line, line endings included, is kept.
/// </summary>
public static class FelixConfig
{
    public const string Path = "/etc/calico/felix.cfg";

    private const string DatastoreTypeKey = "DatastoreType";
    private const string EtcdEndpointsKey = "EtcdEndpoints";

    private static readonly byte[] Bom = [0xEF, 0xBB, 0xBF];

    public static bool HasEtcdv3Datastore(byte[] content) => Entries(content).Any(IsEtcdv3Datastore);

    public static byte[] WithoutEtcdv3Datastore(byte[] content)
    {
        var lines = Lines(content);
        var drop = Entries(lines).Where(IsEtcdv3Datastore).SelectMany(e => Enumerable.Range(e.First, e.Count)).ToHashSet();
        var kept = Join(lines.Where((_, i) => !drop.Contains(i)));
        return drop.Contains(0) && content.AsSpan().StartsWith(Bom) ? [.. Bom, .. kept] : kept; // the mark belongs to the file, not to the line

    }

    /// <summary>The value Felix would use for EtcdEndpoints (the last one wins), or null.</summary>
    public static string? EtcdEndpoints(byte[] content) => Value(content, EtcdEndpointsKey);

    /// <summary>The value Felix reads for <paramref name="key"/> (any section, any case, the last one wins), or null.</summary>
    public static string? Value(byte[] content, string key) =>
        Entries(content).LastOrDefault(e => Is(e, key))?.Value;

    /// <summary>FelixHostname as Felix reads it (any section, any case, the last non-empty one wins), or null when unset.</summary>
    public static string? FelixHostname(byte[] content) =>
        Entries(content).LastOrDefault(e => Is(e, "FelixHostname") && e.Value.Trim().Length > 0)?.Value.Trim();

    /// <summary>
    /// Sets every single-line EtcdEndpoints entry to <paramref name="endpoints"/> (keeping its key, spacing and any
    /// trailing comment), or adds one after <c>[global]</c> (or at the end).
    /// </summary>
    public static byte[] WithEtcdEndpoints(byte[] content, string endpoints)
    {
        var lines = Lines(content);
        var found = false;
        foreach (var entry in Entries(lines).Where(e => Is(e, EtcdEndpointsKey) && e.Count == 1))
        {
            var line = lines[entry.First];
            var text = Decode(line.Text);
            lines[entry.First] = line with { Text = Encoding.UTF8.GetBytes(text[..entry.ValueStart] + endpoints + (entry.Comment is { } c ? " " + c : "")) };
            found = true;
        }

        if (!found)
        {
            var ending = lines.FirstOrDefault(l => l.Ending.Length > 0)?.Ending ?? "\n"u8.ToArray();
            var global = lines.FindIndex(l => Decode(l.Text).Trim().Equals("[global]", StringComparison.OrdinalIgnoreCase));
            var line = new Line(Encoding.UTF8.GetBytes($"{EtcdEndpointsKey} = {endpoints}"), ending);
            if (global >= 0)
                lines.Insert(global + 1, line);
            else
            {
                if (lines.Count > 0 && lines[^1].Ending.Length == 0)
                    lines[^1] = lines[^1] with { Ending = ending };
                lines.Add(line);
            }
        }

        return Join(lines);
    }

    private static bool IsEtcdv3Datastore(Entry entry) =>
        Is(entry, DatastoreTypeKey) && entry.Value.Equals("etcdv3", StringComparison.OrdinalIgnoreCase);

    // Felix matches file keys to its parameters in any case (config_params.go).
    private static bool Is(Entry entry, string key) => entry.Key.Equals(key, StringComparison.OrdinalIgnoreCase);

    private static List<Entry> Entries(byte[] content) => Entries(Lines(content));

    /// <summary>
    /// go-ini v1.32.0 parser.go, File.parse: each line is trimmed on the left; empty lines, lines starting with
    /// <c>#</c> or <c>;</c> and <c>[section]</c> lines carry no key; otherwise readKeyName splits at the first
    /// <c>=</c> or <c>:</c> (a key may be quoted with <c>"</c> or a backtick) and readValue reads the rest.
    /// </summary>
    private static List<Entry> Entries(List<Line> lines)
    {
        var entries = new List<Entry>();
        for (var i = 0; i < lines.Count; i++)
        {
            var text = Decode(lines[i].Text);
            var bom = i == 0 && text.StartsWith('\uFEFF') ? 1 : 0; // go-ini's parser.BOM() drops a UTF-8 byte order mark
            var line = text[bom..].TrimStart();
            if (line.Length == 0 || line[0] is '#' or ';' or '[')
                continue;
            if (ReadKey(line) is not { } found)
                continue;
            var (key, valueAt) = found;
            var rest = line[valueAt..];
            var valueStart = text.Length - line.Length + valueAt + (rest.Length - rest.TrimStart().Length);
            var first = i;
            var value = ReadValue(rest, lines, ref i, out var comment);
            entries.Add(new Entry(key, value, first, i - first + 1, valueStart, comment));
        }

        return entries;
    }

    /// <summary>go-ini readKeyName: the key before the first <c>=</c> or <c>:</c>, or a quoted key.</summary>
    private static (string Key, int ValueAt)? ReadKey(string line)
    {
        var quote = line.StartsWith("\"\"\"", StringComparison.Ordinal) && line.Length > 6 ? "\"\"\"" : line[0] is '"' ? "\"" : line[0] is '`' ? "`" : null;
        if (quote is not null)
        {
            var close = line.IndexOf(quote, quote.Length, StringComparison.Ordinal);
            if (close < 0)
                return null;
            var delimiter = line.IndexOfAny(['=', ':'], close + quote.Length);
            return delimiter < 0 ? null : (line[quote.Length..close].Trim(), delimiter + 1);
        }

        var at = line.IndexOfAny(['=', ':']);
        return at < 0 ? null : (line[..at].Trim(), at + 1);
    }

    /// <summary>
    /// go-ini readValue with Felix's defaults (no IgnoreContinuation, no IgnoreInlineComment, no double-quote
    /// unescaping): a value opened with <c>"""</c> or a backtick runs to the last closing quote (across lines if
    /// need be); otherwise it is trimmed, a trailing <c>\</c> continues it on the next lines, everything from the
    /// first <c>#</c> or <c>;</c> is a comment, and one pair of surrounding <c>'</c> or <c>"</c> is dropped.
    /// </summary>
    private static string ReadValue(string raw, List<Line> lines, ref int index, out string? comment)
    {
        comment = null;
        var line = raw.TrimStart();
        if (line.Length == 0)
            return "";
        var quote = line.Length > 3 && line.StartsWith("\"\"\"", StringComparison.Ordinal) ? "\"\"\"" : line[0] == '`' ? "`" : null;
        if (quote is not null)
        {
            var close = line.LastIndexOf(quote, StringComparison.Ordinal);
            if (close >= quote.Length)
                return line[quote.Length..close];
            var value = line[quote.Length..];
            while (index + 1 < lines.Count)
            {
                var next = Decode(lines[++index].Text);
                var end = next.LastIndexOf(quote, StringComparison.Ordinal);
                if (end >= 0)
                    return value + next[..end];
                value += next;
            }

            return value;
        }

        line = line.Trim();
        if (line.EndsWith('\\'))
        {
            line = line[..^1];
            while (index + 1 < lines.Count)
            {
                var next = Decode(lines[++index].Text).Trim();
                if (next.Length == 0)
                    break;
                line += next;
                if (!line.EndsWith('\\'))
                    break;
                line = line[..^1];
            }
        }

        var hash = line.IndexOfAny(['#', ';']);
        if (hash >= 0)
        {
            comment = line[hash..];
            line = line[..hash].Trim();
        }

        return line.Length >= 2 && line[0] is '\'' or '"' && line[^1] == line[0] && line.IndexOf(line[0], 1) == line.Length - 1 ? line[1..^1] : line;
    }

    private static List<Line> Lines(byte[] content)
    {
        var lines = new List<Line>();
        var start = 0;
        while (start < content.Length)
        {
            var end = Array.IndexOf(content, (byte)'\n', start);
            if (end < 0)
            {
                lines.Add(new Line(content[start..], []));
                break;
            }

            var body = content[start..end];
            lines.Add(body.Length > 0 && body[^1] == '\r' ? new Line(body[..^1], "\r\n"u8.ToArray()) : new Line(body, "\n"u8.ToArray()));
            start = end + 1;
        }

        return lines;
    }

    private static string Decode(byte[] text) => Encoding.UTF8.GetString(text);

    private static byte[] Join(IEnumerable<Line> lines) => lines.SelectMany(l => l.Text.Concat(l.Ending)).ToArray();

    private sealed record Line(byte[] Text, byte[] Ending);

    /// <summary>One key: its name, the value Felix reads, the physical lines it spans, where its value starts on its first line, and its inline comment.</summary>
    private sealed record Entry(string Key, string Value, int First, int Count, int ValueStart, string? Comment);
}
