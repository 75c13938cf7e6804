using System.Text;

namespace Saga.Activities.Inventory.Ansible;

/// <summary>
/// Reads an inventory in Ansible's INI format, by the rules of the ansible.builtin.ini inventory plugin
/// (docs.ansible.com/ansible/latest/collections/ansible/builtin/ini_inventory.html):
/// <list type="bullet">
/// <item><c>[group]</c> sections list hosts, one per line: a host pattern, then <c>key=value</c> variables; a value
/// with spaces is quoted (host lines are split as a shell would, then each value read as a Python literal, so quotes
/// are removed).</item>
/// <item><c>[group:vars]</c> sections hold one <c>key=value</c> per line, everything after the first <c>=</c> being
/// the value, as text.</item>
/// <item><c>[group:children]</c> sections list child groups, one per line.</item>
/// <item>hosts before any section are ungrouped; lines starting with <c>#</c> or <c>;</c> are comments.</item>
/// </list>
/// Anything else (another <c>:modifier</c>, a malformed line) is reported, never guessed.
/// </summary>
internal static class AnsibleIniReader
{
    public static AnsibleInventory Read(string path, TextReader reader)
    {
        var name = Path.GetFileName(path);
        var inventory = new AnsibleInventory(path);
        string group = AnsibleInventory.Ungrouped;
        var kind = "hosts";
        var number = 0;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            number++;
            var where = $"{name}:{number}";
            var text = line.Trim();
            if (text.Length == 0 || text[0] is '#' or ';')
                continue;
            if (text[0] == '[')
            {
                (group, kind) = Section(text, where, inventory);
                continue;
            }

            switch (kind)
            {
                case "hosts":
                    HostLine(text, where, group, inventory);
                    break;
                case "vars":
                    VariableLine(text, where, inventory.Group(group).Variables, inventory.Problems);
                    break;
                case "children":
                    var child = text.Split(['#', ';'], 2)[0].Trim();
                    inventory.Group(child);
                    if (!inventory.Group(group).Children.Contains(child))
                        inventory.Group(group).Children.Add(child);
                    break;
                default:
                    break; // an unknown section, reported once at its header
            }
        }

        return inventory;
    }

    private static (string Group, string Kind) Section(string text, string where, AnsibleInventory inventory)
    {
        var end = text.IndexOf(']', StringComparison.Ordinal);
        if (end < 0 || text[(end + 1)..].Trim() is { Length: > 0 } rest && rest[0] is not ('#' or ';'))
        {
            inventory.Problems.Add($"{where}: '{text}' is not a section header ([group], [group:vars] or [group:children])");
            return ("", "unknown");
        }

        var header = text[1..end].Trim();
        var colon = header.IndexOf(':', StringComparison.Ordinal);
        var group = colon < 0 ? header : header[..colon];
        var kind = colon < 0 ? "hosts" : header[(colon + 1)..];
        if (kind is not ("hosts" or "vars" or "children") || colon >= 0 && kind == "hosts")
        {
            inventory.Problems.Add($"{where}: [{header}]: ':{kind}' is not a section kind the INI inventory knows (:vars, :children); its lines are not read");
            return (group, "unknown");
        }

        inventory.Group(group);
        return (group, kind);
    }

    private static void HostLine(string text, string where, string group, AnsibleInventory inventory)
    {
        var words = Split(text, where, inventory.Problems);
        if (words is not [var pattern, ..])
            return;
        if (HostPattern.Parse(pattern, where, inventory.Problems) is not var (host, port))
            return;
        var vars = inventory.Host(host, group);
        if (port is not null)
            vars["ansible_port"] = new AnsibleValue(port, where);
        foreach (var word in words.Skip(1))
        {
            if (word.StartsWith('#'))
                break; // the rest of the line is a comment
            VariableLine(word, where, vars, inventory.Problems);
        }
    }

    private static void VariableLine(string text, string where, Dictionary<string, AnsibleValue> vars, List<string> problems)
    {
        var at = text.IndexOf('=', StringComparison.Ordinal);
        if (at <= 0)
        {
            problems.Add($"{where}: '{text}' is not key=value");
            return;
        }

        vars[text[..at].Trim()] = new AnsibleValue(Unquote(text[(at + 1)..].Trim()), where);
    }

    /// <summary>Splits a host line as a POSIX shell would (quotes group, a backslash escapes); null with a problem on an open quote.</summary>
    private static List<string>? Split(string text, string where, List<string> problems)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        var inWord = false;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is { } q)
            {
                if (c == q)
                    quote = null;
                else
                    word.Append(c);
            }
            else if (c is '\'' or '"')
            {
                quote = c;
                inWord = true;
            }
            else if (c == '\\' && i + 1 < text.Length)
            {
                word.Append(text[++i]);
                inWord = true;
            }
            else if (char.IsWhiteSpace(c))
            {
                if (inWord)
                    words.Add(word.ToString());
                word.Clear();
                inWord = false;
            }
            else
            {
                word.Append(c);
                inWord = true;
            }
        }

        if (quote is not null)
        {
            problems.Add($"{where}: a quote is not closed");
            return null;
        }

        if (inWord)
            words.Add(word.ToString());
        return words;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] is '\'' or '"' && value[^1] == value[0] ? value[1..^1] : value;
}
