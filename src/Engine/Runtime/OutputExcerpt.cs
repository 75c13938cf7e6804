namespace Saga.Engine.Runtime;

/// <summary>Keeps the head and the tail of long output: commands say what they do first and why they failed last.</summary>
internal static class OutputExcerpt
{
    public static string? Bound(string? text, int limit)
    {
        if (text is null || text.Length <= limit)
            return text;
        var head = limit / 4;
        var tail = limit - head;
        return $"{text[..head]}\n... [{text.Length - limit} characters omitted] ...\n{text[^tail..]}";
    }
}
