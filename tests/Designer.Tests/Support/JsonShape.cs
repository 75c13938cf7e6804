using System.Text.Json;

namespace Saga.Designer.Tests.Support;

/// <summary>Assertions on the JSON the studio reads: a field is there with the kind it expects, or is not there at all.</summary>
internal static class JsonShape
{
    public static JsonElement Has(this JsonElement element, string name, JsonValueKind kind)
    {
        Assert.True(element.TryGetProperty(name, out var value), $"'{name}' is missing in {Excerpt(element)}");
        Assert.True(value.ValueKind == kind, $"'{name}' is {value.ValueKind}, the studio needs {kind}, in {Excerpt(element)}");
        return value;
    }

    public static void HasBool(this JsonElement element, string name) =>
        Assert.True(element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.True or JsonValueKind.False, $"'{name}' is not a boolean in {Excerpt(element)}");

    public static void Lacks(this JsonElement element, string name) =>
        Assert.False(element.TryGetProperty(name, out _), $"'{name}' should not be in {Excerpt(element)}");

    public static string String(this JsonElement element, string name) => element.Has(name, JsonValueKind.String).GetString()!;

    public static IReadOnlyList<string> Strings(this JsonElement element, string name) =>
        element.Has(name, JsonValueKind.Array).EnumerateArray().Select(e => e.GetString()!).ToList();

    /// <summary>A paged list: items, totalCount, and page/pageSize exactly when they were asked for.</summary>
    public static JsonElement.ArrayEnumerator Paged(this JsonElement element, int? page = null, int? pageSize = null)
    {
        element.Has("totalCount", JsonValueKind.Number);
        if (page is { } p)
            Assert.Equal(p, element.Has("page", JsonValueKind.Number).GetInt32());
        else
            element.Lacks("page");
        if (pageSize is { } s)
            Assert.Equal(s, element.Has("pageSize", JsonValueKind.Number).GetInt32());
        else
            element.Lacks("pageSize");
        return element.Has("items", JsonValueKind.Array).EnumerateArray();
    }

    private static string Excerpt(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length > 400 ? text[..400] + "..." : text;
    }
}
