using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Saga.Activities.Calico;

/// <summary>
/// The <c>[calico]</c> section of /etc/neutron/neutron.conf, which networking-calico reads in neutron-server (control
/// nodes) and calico-dhcp-agent (compute nodes, <c>--config-file /etc/neutron/neutron.conf</c>). Parsed as
/// oslo.config's iniparser does: a section header or a key starts at column 0, a line starting with whitespace
/// continues the previous value, <c>#</c> and <c>;</c> start comments, a key ends at the first <c>=</c> or <c>:</c>.
/// networking-calico 1.4.3 (common/config.py) defaults etcd_host to 127.0.0.1 and etcd_port to 4001; 3.1.3 defaults
/// etcd_port to 2379, so a file that never set it talks to another port after the downgrade.
/// </summary>
public static partial class NeutronConfig
{
    public const string Path = "/etc/neutron/neutron.conf";
    public const string Section = "calico";

    /// <summary>networking-calico 1.4.3's defaults (common/config.py SHARED_ETCD_OPTS).</summary>
    public const string DefaultHost = "127.0.0.1";

    public const int DefaultPort = 4001;

    /// <summary>The keys of [calico] and their values (the last of a repeated key wins), in file order.</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> CalicoSettings(byte[] content)
    {
        var settings = new List<KeyValuePair<string, string>>();
        string? section = null;
        foreach (var line in Encoding.UTF8.GetString(content).Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (SectionLine().Match(line) is { Success: true } header)
                section = header.Groups["name"].Value;
            else if (section == Section && KeyLine().Match(line) is { Success: true } key)
            {
                settings.RemoveAll(s => s.Key == key.Groups["key"].Value);
                settings.Add(new(key.Groups["key"].Value, key.Groups["value"].Value.Trim('"', '\'')));
            }
        }

        return settings;
    }

    /// <summary>etcd_port as set in [calico], null when unset.</summary>
    public static string? EtcdPort(byte[] content) => Value(content, "etcd_port");

    /// <summary>Where networking-calico 1.4.3 connects with this file: etcd_host and etcd_port, or their defaults (4001 unless <paramref name="portWhenUnset"/>).</summary>
    public static (string Host, int? Port) Endpoint(byte[] content, int? portWhenUnset = null)
    {
        var host = Value(content, "etcd_host") is { Length: > 0 } h ? h : DefaultHost;
        var port = EtcdPort(content) is { } text
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : (int?)null
            : portWhenUnset ?? DefaultPort;
        return (host, port);
    }

    /// <summary>
    /// The file with <c>etcd_port = PORT</c> in [calico]: after the section's last etcd_ key (or its header), or in a new
    /// [calico] section at the end. Every other byte, line endings included, is kept.
    /// </summary>
    public static byte[] WithEtcdPort(byte[] content, int port)
    {
        var text = Encoding.UTF8.GetString(content);
        var newline = text.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";
        var line = $"etcd_port = {port.ToString(CultureInfo.InvariantCulture)}";
        var lines = text.Split('\n');
        int? insertAfter = null;
        string? section = null;
        for (var i = 0; i < lines.Length; i++)
        {
            var body = lines[i].TrimEnd('\r');
            if (SectionLine().Match(body) is { Success: true } header)
            {
                section = header.Groups["name"].Value;
                if (section == Section)
                    insertAfter = i;
            }
            else if (section == Section && KeyLine().Match(body) is { Success: true } key && key.Groups["key"].Value.StartsWith("etcd_", StringComparison.Ordinal))
            {
                insertAfter = i;
            }
        }

        if (insertAfter is { } at)
        {
            var before = string.Join('\n', lines[..(at + 1)]);
            var after = at + 1 < lines.Length ? "\n" + string.Join('\n', lines[(at + 1)..]) : "";
            // The line inserted after line `at` takes that line's ending; a last line without one gets this file's.
            return Encoding.UTF8.GetBytes(at + 1 < lines.Length
                ? before + "\n" + line + (lines[at].EndsWith('\r') ? "\r" : "") + after
                : before + newline + line);
        }

        var separator = text.Length == 0 || text.EndsWith('\n') ? "" : newline;
        return Encoding.UTF8.GetBytes(text + separator + (text.Length == 0 ? "" : newline) + $"[{Section}]" + newline + line + newline);
    }

    /// <summary>Whether a key's value must not be copied anywhere (etcd_password, ...): it is shown as ***.</summary>
    public static bool IsSecret(string key) => SecretKey().IsMatch(key);

    private static string? Value(byte[] content, string key) =>
        CalicoSettings(content).Where(s => s.Key == key).Select(s => s.Value).LastOrDefault();

    [GeneratedRegex(@"^\[(?<name>[^\]]*)\]\s*$")]
    private static partial Regex SectionLine();

    [GeneratedRegex(@"^(?<key>[^\s#;\[:=][^:=]*?)\s*[:=]\s*(?<value>.*?)\s*$")]
    private static partial Regex KeyLine();

    [GeneratedRegex("pass|secret|token|credential", RegexOptions.IgnoreCase)]
    private static partial Regex SecretKey();
}
