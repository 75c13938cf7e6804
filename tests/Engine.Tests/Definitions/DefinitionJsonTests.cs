using System.Text.Json.Nodes;
using Saga.Engine.Definitions;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Definitions;

public sealed class DefinitionJsonTests
{
    private static readonly string FixturePath = Path.Combine(AppContext.BaseDirectory, "Fixtures", "elsa2-definition.json");

    [Fact]
    public void ParseThenWrite_Elsa2Document_KeepsEveryField()
    {
        var original = File.ReadAllText(FixturePath);

        var written = DefinitionJson.Write(DefinitionJson.Parse(original));

        AssertSameJson(JsonNode.Parse(original), JsonNode.Parse(written));
    }

    [Fact]
    public async Task SaveThenLoad_Elsa2Document_KeepsEveryFieldButTheStoresIdentity()
    {
        await using var engine = await TestEngine.StartAsync();
        var original = JsonNode.Parse(await File.ReadAllTextAsync(FixturePath, TestContext.Current.CancellationToken))!;

        var saved = await engine.Definitions.SaveAsync(DefinitionJson.Parse(original.ToJsonString()), publish: true, TestContext.Current.CancellationToken);
        var loaded = await engine.Definitions.GetAsync("drain-and-patch", VersionOption.Published, TestContext.Current.CancellationToken);

        // The store assigns the version id and number; everything else comes back as written.
        var expected = original.DeepClone();
        expected["id"] = saved.Id;
        expected["versionId"] = saved.Id;
        expected["version"] = 1;
        AssertSameJson(expected, JsonNode.Parse(DefinitionJson.Write(loaded!)));
    }

    [Fact]
    public void Parse_Malformed_ThrowsNamingTheSourceAndLine()
    {
        var error = Assert.Throws<DefinitionValidationException>(() => DefinitionJson.Parse("{\n  \"activities\": [ { ] }", "flow.json"));

        Assert.Contains("flow.json", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    private static void AssertSameJson(JsonNode? expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(expected, actual), $"expected:\n{expected}\nactual:\n{actual}");
}
