using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saga.Designer.Tests.Support;

namespace Saga.Designer.Tests.Operations;

/// <summary>POST /api/instances/{id}/restore and GET /api/instances/{id}/report: what they refuse, and who may call them.</summary>
[Collection(SharedServer.Name)]
public sealed class RestoreApiTests(ServerFixture fixture)
{
    private const string Unknown = "0123456789abcdef0123456789abcdef";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restore_WithoutTheKey_IsUnauthorized()
    {
        using var response = await fixture.Anonymous.PostAsJsonAsync($"/api/instances/{Unknown}/restore", new { all = true }, Token);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("neither", """{ }""")]
    [InlineData("both", """{ "all": true, "nodes": ["c1"] }""")]
    [InlineData("empty-list", """{ "nodes": [] }""")]
    [InlineData("blank-name", """{ "nodes": [" "] }""")]
    public async Task Restore_ThatDoesNotSayWhichNodes_IsABadRequestNamingNodes(string name, string body)
    {
        var id = await fixture.StartFaultingRunAsync("restore-api-shape-" + name);

        using var response = await fixture.Writer.PostAsync($"/api/instances/{id}/restore", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        problem.Has("errors", JsonValueKind.Object).Has("nodes", JsonValueKind.Array);
        Assert.Equal("Faulted", (await fixture.GetJsonAsync($"/api/instances/{id}")).GetProperty("run").String("state"));
    }

    [Fact]
    public async Task Restore_UnknownRun_IsNotFound()
    {
        using var response = await fixture.Writer.PostAsJsonAsync($"/api/instances/{Unknown}/restore", new { all = true, planOnly = true }, Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Restore_OfAnInstanceThatIsNoDowngradeRun_IsAConflictSayingWhy()
    {
        var id = await fixture.StartFaultingRunAsync("restore-api-not-a-run");

        using var response = await fixture.Writer.PostAsJsonAsync($"/api/instances/{id}/restore", new { all = true }, Token);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Contains("not a calico-downgrade run", problem.String("detail"), StringComparison.Ordinal);
        Assert.Equal("Faulted", (await fixture.GetJsonAsync($"/api/instances/{id}")).GetProperty("run").String("state"));
    }

    [Fact]
    public async Task Report_WithoutTheKey_IsUnauthorized_AndInAFormatThereIsNot_IsABadRequest()
    {
        var id = await fixture.StartFaultingRunAsync("restore-api-report-format");

        using var anonymous = await fixture.Anonymous.GetAsync($"/api/instances/{id}/report?format=html", Token);
        using var pdf = await fixture.Writer.GetAsync($"/api/instances/{id}/report?format=pdf", Token);
        using var number = await fixture.Writer.GetAsync($"/api/instances/{id}/report?format=1", Token);
        using var notARun = await fixture.Writer.GetAsync($"/api/instances/{id}/report?format=html", Token);
        using var unknown = await fixture.Writer.GetAsync($"/api/instances/{Unknown}/report", Token);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, pdf.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, number.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, notARun.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
