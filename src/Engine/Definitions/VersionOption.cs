using System.Globalization;

namespace Saga.Engine.Definitions;

/// <summary>Which version of a definition to load: Latest, Published, LatestOrPublished, Draft, or a number.</summary>
public readonly record struct VersionOption(VersionOptionKind Kind, int Number = 0)
{
    public static VersionOption Latest { get; } = new(VersionOptionKind.Latest);

    public static VersionOption Published { get; } = new(VersionOptionKind.Published);

    public static VersionOption LatestOrPublished { get; } = new(VersionOptionKind.LatestOrPublished);

    public static VersionOption Draft { get; } = new(VersionOptionKind.Draft);

    public static VersionOption Specific(int number) => new(VersionOptionKind.Specific, number);

    /// <summary>Reads Elsa's wire form: a name or a version number.</summary>
    public static bool TryParse(string? text, out VersionOption option)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0)
        {
            option = Specific(number);
            return true;
        }

        if (Enum.TryParse<VersionOptionKind>(text, ignoreCase: true, out var kind) && kind != VersionOptionKind.Specific)
        {
            option = new VersionOption(kind);
            return true;
        }

        option = default;
        return false;
    }

    public override string ToString() => Kind == VersionOptionKind.Specific ? Number.ToString(CultureInfo.InvariantCulture) : Kind.ToString();
}

public enum VersionOptionKind
{
    Latest,
    Published,
    LatestOrPublished,
    Draft,
    Specific,
}
