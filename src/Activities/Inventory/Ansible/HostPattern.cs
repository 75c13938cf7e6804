using System.Globalization;
using System.Text.RegularExpressions;

namespace Saga.Activities.Inventory.Ansible;

/// <summary>
/// A host as an Ansible inventory names it: <c>name</c> or <c>name:port</c> (both formats allow the port after a
/// colon, docs.ansible.com/ansible/latest/inventory_guide/intro_inventory.html, "Adding ranges of hosts" and
/// "Adding variables to inventory"). Ranges (<c>www[01:50]</c>) are not expanded here: they are reported.
/// </summary>
internal static partial class HostPattern
{
    /// <summary>The host's name and its port (an <c>ansible_port</c>), or null with a problem recorded.</summary>
    public static (string Name, string? Port)? Parse(string pattern, string where, List<string> problems)
    {
        if (pattern.Contains('[', StringComparison.Ordinal))
        {
            problems.Add($"{where}: '{pattern}' is a host range (or a bracketed address); saga does not expand ranges: list the hosts one by one");
            return null;
        }

        var match = NameAndPort().Match(pattern);
        if (!match.Success)
        {
            problems.Add($"{where}: '{pattern}' is not a host name (letters, digits, '.', '_', '-', optionally :port)");
            return null;
        }

        var port = match.Groups["port"].Success ? int.Parse(match.Groups["port"].Value, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture) : null;
        return (match.Groups["name"].Value, port);
    }

    [GeneratedRegex("^(?<name>[A-Za-z0-9_][A-Za-z0-9._-]*)(:(?<port>[0-9]{1,5}))?$")]
    private static partial Regex NameAndPort();
}
