using System.Text.RegularExpressions;

namespace Saga.Activities.Nodes.Ssh;

/// <summary>OpenSSH's host patterns (match.c, match_pattern): <c>*</c> any run, <c>?</c> one character, case-insensitive.</summary>
internal static class OpenSshPattern
{
    public static bool Matches(string pattern, string name) =>
        Regex.IsMatch(name, "^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(1));
}
