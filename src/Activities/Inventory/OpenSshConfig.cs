using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Saga.Activities.Nodes.Ssh;

namespace Saga.Activities.Inventory;

/// <summary>
/// The part of an OpenSSH client configuration (ssh_config(5)) saga takes: <c>Host</c> blocks matched against a
/// name as OpenSSH matches them (patterns with <c>*</c>, <c>?</c> and <c>!</c>, case-insensitive, any pattern in the
/// list, none negated), the first value of a keyword winning (readconf.c: "the first obtained value will be used"),
/// lines before the first <c>Host</c> applying to every host. Read: <c>HostName</c>, <c>User</c>, <c>Port</c>,
/// <c>IdentityFile</c>, <c>UserKnownHostsFile</c>, <c>ProxyJump</c>. <c>Include</c>, <c>Match</c> and
/// <c>ProxyCommand</c> decide where a connection goes and are refused where they apply; any other keyword that applies
/// is reported as not supported; <c>StrictHostKeyChecking</c> no, off or accept-new is refused with a warning: saga
/// always checks host keys.
/// </summary>
internal sealed partial class OpenSshConfig
{
    private static readonly HashSet<string> Read = new(["hostname", "user", "port", "identityfile", "userknownhostsfile", "proxyjump"], StringComparer.Ordinal);
    private static readonly HashSet<string> Refused = new(["include", "match", "proxycommand"], StringComparer.Ordinal);

    private readonly List<Line> lines;

    private OpenSshConfig(string path, List<Line> lines)
    {
        Path = path;
        this.lines = lines;
    }

    public string Path { get; }

    /// <exception cref="InventoryException">The file cannot be read.</exception>
    public static OpenSshConfig Load(string path)
    {
        try
        {
            return Parse(File.ReadAllLines(path), path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InventoryException($"ssh.configFile: cannot read {path}: {ex.Message}");
        }
    }

    public static OpenSshConfig Parse(IEnumerable<string> text, string path)
    {
        var parsed = new List<Line>();
        var number = 0;
        foreach (var raw in text)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var match = KeywordLine().Match(line);
            if (!match.Success)
                continue;
            parsed.Add(new Line(number, match.Groups[1].Value.ToLowerInvariant(), match.Groups[1].Value, Arguments(match.Groups[2].Value)));
        }

        return new OpenSshConfig(path, parsed);
    }

    /// <summary>What the file says for <paramref name="host"/> (the name as the inventory gives it).</summary>
    public SshConfigHost For(string host)
    {
        var values = new Dictionary<string, (int Line, IReadOnlyList<string> Arguments)>(StringComparer.Ordinal);
        var problems = new List<string>();
        var warnings = new List<string>();
        var applies = true; // lines before the first Host apply to every host
        foreach (var line in lines)
        {
            if (line.Keyword == "host")
            {
                applies = HostMatches(line.Arguments, host);
                continue;
            }

            if (line.Keyword == "match")
            {
                problems.Add($"{Where(line)}: Match is not supported (saga cannot evaluate its criteria); use Host blocks");
                applies = false;
                continue;
            }

            if (!applies)
                continue;
            if (Refused.Contains(line.Keyword))
                problems.Add($"{Where(line)}: {line.Name} is not supported{(line.Keyword == "proxycommand" ? "; use ProxyJump" : " (saga cannot tell what it sets for a node)")}");
            else if (line.Keyword == "stricthostkeychecking")
            {
                if (line.Arguments is [var value] && value.ToLowerInvariant() is "no" or "off" or "accept-new")
                    warnings.Add($"{Where(line)}: StrictHostKeyChecking {value} is refused for {host}: saga always checks host keys against known_hosts");
            }
            else if (!Read.Contains(line.Keyword))
                warnings.Add($"{Where(line)}: {line.Name} is not supported by saga and is ignored for {host}");
            else if (values.TryGetValue(line.Keyword, out var first))
            {
                if (line.Keyword is "identityfile")
                    warnings.Add($"{Where(line)}: saga uses one key per host, the first IdentityFile (line {first.Line}); this one is ignored for {host}");
            }
            else
                values[line.Keyword] = (line.Number, line.Arguments);
        }

        string? One(string keyword)
        {
            if (!values.TryGetValue(keyword, out var value))
                return null;
            if (value.Arguments.Count == 1)
                return value.Arguments[0];
            if (keyword == "userknownhostsfile" && value.Arguments.Count > 1)
            {
                warnings.Add($"{Path}:{value.Line}: saga reads one known_hosts file per host, the first of UserKnownHostsFile");
                return value.Arguments[0];
            }

            problems.Add($"{Path}:{value.Line}: {keyword} takes one value");
            return null;
        }

        int? port = null;
        if (One("port") is { } portText)
        {
            if (int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p is >= 1 and <= 65535)
                port = p;
            else
                problems.Add($"{Path}:{values["port"].Line}: Port '{portText}' is not a port number");
        }

        var hostName = One("hostname");
        return new SshConfigHost(host, hostName is null ? null : Expand(hostName, host, host, port, null), One("user"), port, One("identityfile"), One("userknownhostsfile"),
            One("proxyjump"), values.ToDictionary(v => v.Key, v => v.Value.Line, StringComparer.Ordinal), problems, warnings);
    }

    /// <summary>
    /// OpenSSH's tokens in IdentityFile and UserKnownHostsFile (<c>~</c>, <c>%d</c> home, <c>%h</c> host name,
    /// <c>%n</c> the name as given, <c>%p</c> port, <c>%r</c> remote user, <c>%u</c> local user, <c>%%</c>); null when
    /// another token is used.
    /// </summary>
    public static string? Expand(string value, string alias, string hostName, int? port, string? user)
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (value == "~" || value.StartsWith("~/", StringComparison.Ordinal))
            value = home + value[1..];
        var text = new StringBuilder();
        for (var i = 0; i < value.Length; i++)
        {
            if (value[i] != '%')
            {
                text.Append(value[i]);
                continue;
            }

            if (++i == value.Length)
                return null;
            string? token = value[i] switch
            {
                '%' => "%",
                'd' => home,
                'h' => hostName,
                'n' => alias,
                'p' => (port ?? 22).ToString(CultureInfo.InvariantCulture),
                'r' => user,
                'u' => Environment.UserName,
                _ => null,
            };
            if (token is null)
                return null;
            text.Append(token);
        }

        return text.ToString();
    }

    /// <summary>OpenSSH's match_pattern_list for Host: a negated pattern that matches excludes; otherwise any match includes.</summary>
    internal static bool HostMatches(IEnumerable<string> patterns, string host)
    {
        var matched = false;
        foreach (var list in patterns)
        {
            foreach (var pattern in list.Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                var negated = pattern.StartsWith('!');
                if (!OpenSshPattern.Matches(negated ? pattern[1..] : pattern, host))
                    continue;
                if (negated)
                    return false;
                matched = true;
            }
        }

        return matched;
    }

    /// <summary>Arguments split on whitespace, double quotes grouping (OpenSSH's argv_split).</summary>
    private static List<string> Arguments(string text)
    {
        var arguments = new List<string>();
        var current = new StringBuilder();
        var quoted = false;
        var any = false;
        foreach (var c in text)
        {
            if (c == '"')
            {
                quoted = !quoted;
                any = true;
            }
            else if (char.IsWhiteSpace(c) && !quoted)
            {
                if (any)
                    arguments.Add(current.ToString());
                current.Clear();
                any = false;
            }
            else
            {
                current.Append(c);
                any = true;
            }
        }

        if (any)
            arguments.Add(current.ToString());
        return arguments;
    }

    private string Where(Line line) => $"{Path}:{line.Number}";

    [GeneratedRegex(@"^([A-Za-z][A-Za-z0-9]*)(?:\s*=\s*|\s+)(.*)$")]
    private static partial Regex KeywordLine();

    private sealed record Line(int Number, string Keyword, string Name, IReadOnlyList<string> Arguments);
}

/// <summary>What an OpenSSH client configuration says for one host; nulls where it says nothing.</summary>
/// <param name="Alias">The name the blocks were matched against.</param>
/// <param name="HostName">HostName, <c>%h</c> expanded.</param>
/// <param name="User">User.</param>
/// <param name="Port">Port.</param>
/// <param name="IdentityFile">The first IdentityFile, tokens not yet expanded.</param>
/// <param name="KnownHostsFile">The first UserKnownHostsFile, tokens not yet expanded.</param>
/// <param name="ProxyJump">ProxyJump as written (<c>none</c> included).</param>
/// <param name="Lines">The line each value was taken from, by lower-case keyword.</param>
/// <param name="Problems">Errors: what saga cannot honour for this host.</param>
/// <param name="Warnings">What is ignored or refused without stopping.</param>
internal sealed record SshConfigHost(
    string Alias, string? HostName, string? User, int? Port, string? IdentityFile, string? KnownHostsFile, string? ProxyJump, IReadOnlyDictionary<string, int> Lines,
    IReadOnlyList<string> Problems, IReadOnlyList<string> Warnings)
{
    /// <summary><c>file:line</c> of a keyword's value, for messages.</summary>
    public string Where(string path, string keyword) =>
        Lines.TryGetValue(keyword.ToLowerInvariant(), out var line) ? string.Create(CultureInfo.InvariantCulture, $"{path}:{line}") : path;
}
