using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Saga.Designer.Tests.Support;

namespace Saga.Designer.Tests.Contract;

/// <summary>A request the API cannot take is answered with a ProblemDetails that says what is wrong, never an empty 400 or a 500.</summary>
[Collection(SharedServer.Name)]
public sealed class ErrorAnswersTests(ServerFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("{ not json", "JSON")]
    [InlineData("""{ "definitionId": "calico-downgrade", "variables": 5 }""", "variables")]
    [InlineData("", "not provided from body")]
    public async Task StartRun_BodyThatCannotBeRead_IsABadRequestSayingWhy(string body, string named)
    {
        using var response = await fixture.Writer.PostAsync("/api/runs", new StringContent(body, Encoding.UTF8, "application/json"), Token);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains(named, problem.String("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartRun_WithoutDefinitionId_IsABadRequestNamingTheField()
    {
        using var response = await fixture.Writer.PostAsJsonAsync("/api/runs", new { inventoryPath = "/etc/saga/cluster.yaml" }, Token);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.Has("errors", JsonValueKind.Object).Has("definitionId", JsonValueKind.Array);
    }

    [Fact]
    public async Task ListRuns_UnknownStatus_IsABadRequestNamingTheParameter()
    {
        using var response = await fixture.Http.GetAsync("/api/instances?status=Bogus", Token);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("status", problem.String("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "workflowDefinitionId": "errors-save", "publish": "yes", "activities": [], "connections": [] }""", "publish")]
    [InlineData("""{ "workflowDefinitionId": 7, "activities": [], "connections": [] }""", "workflowDefinitionId")]
    [InlineData("""{ "workflowDefinitionId": "errors-save", "activities": {}, "connections": [] }""", "activities")]
    [InlineData("""{ "workflowDefinitionId": "errors-save", "activities": [ { "activityId": "a", "type": "Delay", "x": "left" } ], "connections": [] }""", "activities[0].x")]
    public async Task Save_FieldOfTheWrongKind_IsABadRequestNamingIt(string body, string field)
    {
        using var response = await fixture.Writer.PostAsync("/elsa/v1/workflow-definitions", new StringContent(body, Encoding.UTF8, "application/json"), Token);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        problem.Has("errors", JsonValueKind.Object).Has(field, JsonValueKind.Array);
    }

    [Fact]
    public async Task UnknownPath_IsANotFoundProblem()
    {
        using var response = await fixture.Http.GetAsync("/elsa/v1/no-such-thing", Token);

        await ProblemAsync(response, HttpStatusCode.NotFound);
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync(Token);
        Assert.True(response.StatusCode == status, $"{(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }
}
