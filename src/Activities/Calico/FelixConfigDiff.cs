using System.Text;

namespace Saga.Activities.Calico;

/// <summary>
/// What a step changed in felix.cfg, as lines it notes in its transcript (so the journal keeps them, secrets masked,
/// and the run's report shows them): <c># felix.cfg: -DatastoreType = etcdv3</c>, <c># felix.cfg: +EtcdEndpoints = ...</c>.
/// </summary>
public static class FelixConfigDiff
{
    /// <summary>What starts each diff line in a transcript, after the note's <c>"# "</c>.</summary>
    public const string Mark = "felix.cfg: ";

    /// <summary>
    /// The lines of <paramref name="before"/> that <paramref name="after"/> no longer has (<c>-</c>, in their order), then
    /// the lines it gained (<c>+</c>): the steps remove lines and change or add one, never reorder.
    /// </summary>
    public static IReadOnlyList<string> Lines(byte[] before, byte[] after)
    {
        var old = Split(before);
        var now = Split(after);
        var removed = Without(old, now).Select(l => "-" + l);
        var added = Without(now, old).Select(l => "+" + l);
        return [.. removed, .. added];
    }

    /// <summary>Notes the change in <paramref name="transcript"/>, one line each.</summary>
    public static void Note(NodeTranscript transcript, byte[] before, byte[] after)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        foreach (var line in Lines(before, after))
            transcript.Note(Mark + line);
    }

    private static List<string> Split(byte[] content) =>
        [.. Encoding.UTF8.GetString(content).TrimStart('\uFEFF').Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Where(l => l.Length > 0)];

    // The lines of a not in b, as many times as a has them more than b.
    private static List<string> Without(List<string> a, List<string> b)
    {
        var left = b.GroupBy(l => l, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var result = new List<string>();
        foreach (var line in a)
        {
            if (left.TryGetValue(line, out var n) && n > 0)
                left[line] = n - 1;
            else
                result.Add(line);
        }

        return result;
    }
}
