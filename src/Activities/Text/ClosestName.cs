namespace Saga.Activities.Text;

/// <summary>
/// The known name a misspelt one was most likely meant to be (<c>hots</c> → <c>host</c>, <c>--paralel</c> →
/// <c>--parallel</c>), for refusals that say what to write instead. Optimal string alignment distance: insertions,
/// deletions, substitutions and swaps of two neighbours each count one.
/// </summary>
public static class ClosestName
{
    /// <summary>The nearest of <paramref name="known"/>, or null when none is near enough to be a slip of the keyboard.</summary>
    /// <remarks>Near enough: at most a third of the longer name's letters differ (at least one), ignoring case.</remarks>
    public static string? To(string given, IEnumerable<string> known)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(known);
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in known)
        {
            var distance = Distance(given.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance && distance <= Math.Max(1, Math.Max(given.Length, candidate.Length) / 3))
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return best;
    }

    /// <summary>" (did you mean 'x'?)" for a refusal's message, or nothing.</summary>
    public static string Hint(string given, IEnumerable<string> known) => To(given, known) is { } name ? $" (did you mean '{name}'?)" : "";

    internal static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
            d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++)
            d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }
}
