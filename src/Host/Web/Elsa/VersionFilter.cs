using Microsoft.AspNetCore.Http;
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

    /// <summary>The store query for the versions this filter keeps.</summary>
    public DefinitionQuery Query(IReadOnlyCollection<string>? definitionIds = null, string? searchTerm = null) =>
        new() { Version = AllVersions ? null : Option, DefinitionIds = definitionIds, SearchTerm = searchTerm };

    /// <summary>The 400 for a version the studio should never send.</summary>
    public static IResult Problem(string? version) =>
        Results.Problem($"'{version}' is not a version: Latest, Published, Draft, LatestOrPublished, {All} or a number.", statusCode: StatusCodes.Status400BadRequest, title: "Unknown version");
}
