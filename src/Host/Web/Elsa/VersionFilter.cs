using Saga.Engine.Definitions;

namespace Saga.Host.Web.Elsa;

/// <summary>The studio's <c>version</c> query and route value: a <see cref="VersionOption"/>, or <c>AllVersions</c>.</summary>
internal readonly record struct VersionFilter(bool AllVersions, VersionOption Option)
{
    public const string All = "AllVersions";

    public static bool TryParse(string? text, out VersionFilter filter)
    {
        if (string.Equals(text, All, StringComparison.OrdinalIgnoreCase))
        {
            filter = new VersionFilter(true, default);
            return true;
        }

        var parsed = VersionOption.TryParse(text, out var option);
        filter = new VersionFilter(false, option);
        return parsed;
    }

    /// <summary>Whether the rows to filter must include versions that are neither latest nor published.</summary>
    public bool NeedsEveryVersion => AllVersions || Option.Kind == VersionOptionKind.Specific;

    public bool Matches(DefinitionVersionInfo row) => AllVersions || Option.Kind switch
    {
        VersionOptionKind.Latest => row.IsLatest,
        VersionOptionKind.Published => row.IsPublished,
        VersionOptionKind.Draft => row.IsLatest && !row.IsPublished,
        VersionOptionKind.LatestOrPublished => row.IsLatest || row.IsPublished,
        _ => row.Version == Option.Number,
    };
}
