using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Saga.Engine.Definitions;

namespace Saga.Host.Web.Elsa;

/// <summary>
/// The studio's wire conventions: camelCase, nulls omitted, dictionary keys as written, enums as strings (our models
/// carry them as strings already), UTC instants in ISO-8601. Definitions keep a <c>syntax</c> given as null.
/// </summary>
internal static class ElsaJson
{
    public static JsonSerializerOptions Options { get; } = new(DefinitionJson.Options) { WriteIndented = false };

    public static IResult Ok<T>(T value, int statusCode = StatusCodes.Status200OK) => Results.Json(value, Options, statusCode: statusCode);

    /// <summary>A stored UTC time as Elsa writes it: <c>2024-05-01T10:05:00.1234567Z</c>.</summary>
    public static string Time(DateTime utc) => DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static string? Time(DateTime? utc) => utc is { } value ? Time(value) : null;
}
