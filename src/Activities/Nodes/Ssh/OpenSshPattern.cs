namespace Saga.Activities.Nodes.Ssh;

/// <summary>
/// OpenSSH's host patterns (match.c, match_pattern): <c>*</c> any run, <c>?</c> one character, ASCII letters compared
/// without case (match_hostname lowers the host, match_pattern_list the pattern). Matched as match_pattern does, by
/// walking both strings: no regular expression, so no pattern in known_hosts or ssh_config can make a match slow, and
/// no time limit can fail a connection on a busy machine.
/// </summary>
internal static class OpenSshPattern
{
    public static bool Matches(string pattern, string name)
    {
        int p = 0, n = 0, star = -1, resume = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                // remember where the run of '*' may end; first try it empty
                star = p++;
                resume = n;
            }
            else if (p < pattern.Length && (pattern[p] == '?' || Lower(pattern[p]) == Lower(name[n])))
            {
                p++;
                n++;
            }
            else if (star >= 0)
            {
                // the last '*' takes one more character
                p = star + 1;
                n = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
            p++;
        return p == pattern.Length;
    }

    private static char Lower(char c) => c is >= 'A' and <= 'Z' ? (char)(c + ('a' - 'A')) : c;
}
