using System.Text;
using System.Text.RegularExpressions;

namespace Saga.Activities.Calico;

/// <summary>
/// Edits /etc/calico/felix.cfg the way Felix reads it: go-ini ignores sections and matches keys in any case, so a
/// <c>DatastoreType = etcdv3</c> line is found in any section, any case, any spacing (and with <c>:</c>). Every other
/// byte of the file, line endings included, is kept.
/// </summary>
public static partial class FelixConfig
{
    public const string Path = "/etc/calico/felix.cfg";

    public static bool HasEtcdv3Datastore(byte[] content) => Lines(content).Any(l => Etcdv3Line().IsMatch(l.Text));

    public static byte[] WithoutEtcdv3Datastore(byte[] content) =>
        Join(Lines(content).Where(l => !Etcdv3Line().IsMatch(l.Text)));

    /// <summary>The value Felix would use for EtcdEndpoints (the last one wins), or null.</summary>
    public static string? EtcdEndpoints(byte[] content) =>
        Lines(content).Select(l => EndpointsLine().Match(l.Text)).Where(m => m.Success).Select(m => m.Groups["value"].Value.Trim()).LastOrDefault();

    /// <summary>FelixHostname as Felix reads it (any section, any case, the last one wins), or null when unset.</summary>
    public static string? FelixHostname(byte[] content) =>
        Lines(content).Select(l => HostnameLine().Match(l.Text)).Where(m => m.Success).Select(m => m.Groups["value"].Value.Trim().Trim('"', '\'')).LastOrDefault(v => v.Length > 0);

    /// <summary>Sets every EtcdEndpoints line to <paramref name="endpoints"/>, or adds one after <c>[global]</c> (or at the end).</summary>
    public static byte[] WithEtcdEndpoints(byte[] content, string endpoints)
    {
        var lines = Lines(content).ToList();
        var found = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var match = EndpointsLine().Match(lines[i].Text);
            if (match.Success)
            {
                lines[i] = lines[i] with { Text = match.Groups["head"].Value + endpoints };
                found = true;
            }
        }

        if (!found)
        {
            var ending = lines.FirstOrDefault(l => l.Ending.Length > 0)?.Ending ?? "\n";
            var global = lines.FindIndex(l => l.Text.Trim().Equals("[global]", StringComparison.OrdinalIgnoreCase));
            var line = new Line($"EtcdEndpoints = {endpoints}", ending);
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

    private static IEnumerable<Line> Lines(byte[] content)
    {
        var text = Encoding.UTF8.GetString(content);
        var start = 0;
        while (start < text.Length)
        {
            var end = text.IndexOf('\n', start);
            if (end < 0)
            {
                yield return new Line(text[start..], "");
                yield break;
            }

            var body = text[start..end];
            yield return body.EndsWith('\r') ? new Line(body[..^1], "\r\n") : new Line(body, "\n");
            start = end + 1;
        }
    }

    private static byte[] Join(IEnumerable<Line> lines) => Encoding.UTF8.GetBytes(string.Concat(lines.Select(l => l.Text + l.Ending)));

    [GeneratedRegex(@"^\s*DatastoreType\s*[=:]\s*[""']?etcdv3[""']?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Etcdv3Line();

    [GeneratedRegex(@"^(?<head>\s*EtcdEndpoints\s*[=:]\s*)(?<value>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EndpointsLine();

    [GeneratedRegex(@"^\s*FelixHostname\s*[=:]\s*(?<value>.*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex HostnameLine();

    private sealed record Line(string Text, string Ending);
}
