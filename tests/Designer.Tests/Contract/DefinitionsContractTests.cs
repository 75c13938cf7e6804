using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Saga.Designer.Tests.Support;

namespace Saga.Designer.Tests.Contract;

/// <summary>v1/workflow-definitions: the list, the editor's loads, saves, publish and unpublish, history, delete.</summary>
[Collection(SharedServer.Name)]
public sealed class DefinitionsContractTests(ServerFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_LatestOrPublished_IsPagedSummariesWithoutActivities()
    {
        var list = await fixture.GetJsonAsync("/elsa/v1/workflow-definitions?version=LatestOrPublished&page=0&pageSize=15");

        var items = list.Paged(page: 0, pageSize: 15).ToList();
        var downgrade = items.Single(i => i.String("definitionId") == "calico-downgrade");
        downgrade.String("id");
        downgrade.Has("version", JsonValueKind.Number);
        downgrade.HasBool("isSingleton");
        downgrade.HasBool("isPublished");
        downgrade.HasBool("isLatest");
        downgrade.String("persistenceBehavior");
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(downgrade.String("customAttributes")).RootElement.ValueKind); // JSON text
        Assert.True(DateTime.TryParse(downgrade.String("createdAt"), System.Globalization.CultureInfo.InvariantCulture, out _));
        downgrade.Lacks("activities");
        downgrade.Lacks("connections");
    }

    [Fact]
    public async Task List_SearchTerm_MatchesIdNameOrDescriptionIgnoringCase()
    {
        (await SaveAsync(StudioRequests.LaterSave("contract-search", publish: false))).Dispose();

        var byDescription = (await fixture.GetJsonAsync("/elsa/v1/workflow-definitions?version=LatestOrPublished&searchTerm=THEN%20ASK")).Paged().ToList();
        var byId = (await fixture.GetJsonAsync("/elsa/v1/workflow-definitions?version=LatestOrPublished&searchTerm=Contract-Sear")).Paged().ToList();

        Assert.Contains(byDescription, d => d.String("definitionId") == "contract-search");
        Assert.DoesNotContain(byDescription, d => d.String("definitionId") == "calico-downgrade");
        Assert.Equal("contract-search", Assert.Single(byId).String("definitionId"));
    }

    [Fact]
    public async Task List_EmptyIdsForPublished_IsAnEmptyPage()
    {
        var list = await fixture.GetJsonAsync("/elsa/v1/workflow-definitions?ids=&version=Published");

        Assert.Empty(list.Paged());
    }

    [Fact]
    public async Task History_OfAnUnsavedWorkflow_IsAnEmptyItemsList()
    {
        var history = await fixture.GetJsonAsync("/elsa/v1/workflow-definitions/undefined/history");

        Assert.Empty(history.Has("items", JsonValueKind.Array).EnumerateArray());
    }

    [Fact]
    public async Task Latest_OfAnUnknownDefinition_IsNotFound_SoTheEditorCreatesIt()
    {
        using var response = await fixture.Http.GetAsync("/elsa/v1/workflow-definitions/no-such-flow/Latest", Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Latest_OfTheDowngrade_IsTheFullDefinitionWithTextVariables()
    {
        var definition = await fixture.GetJsonAsync("/elsa/v1/workflow-definitions/calico-downgrade/Latest");

        AssertFullDefinition(definition);
        var ids = definition.Has("activities", JsonValueKind.Array).EnumerateArray().Select(a => a.String("activityId")).ToList();
        Assert.Contains("compute-canary", ids);
        Assert.Contains("compute-rest", ids);
    }

    [Fact]
    public async Task Save_FirstSaveFromTheStudio_CreatesVersionOneAsADraft()
    {
        using var response = await SaveAsync(StudioRequests.FirstSave("contract-first"));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var saved = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        AssertFullDefinition(saved);
        Assert.Equal("contract-first", saved.String("definitionId"));
        Assert.Equal(1, saved.GetProperty("version").GetInt32());
        Assert.True(saved.GetProperty("isLatest").GetBoolean());
        Assert.False(saved.GetProperty("isPublished").GetBoolean());
        Assert.Equal("WorkflowBurst", saved.String("persistenceBehavior")); // the studio's stray space is gone
        Assert.Equal("New Workflow", saved.String("name"));
        var delay = saved.GetProperty("activities")[0];
        delay.Lacks("category");
        Assert.Equal(JsonValueKind.Null, delay.GetProperty("properties")[0].GetProperty("syntax").ValueKind); // given as null, kept as null
        Assert.Single(saved.GetProperty("connections").EnumerateArray()); // the one to a missing activity is dropped
    }

    [Fact]
    public async Task Save_AgainAndPublish_KeepsOneVersionThenAPublishedEditBecomesVersionTwo()
    {
        (await SaveAsync(StudioRequests.FirstSave("contract-versions"))).Dispose();

        using var second = await SaveAsync(StudioRequests.LaterSave("contract-versions", publish: true));
        var published = await second.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(1, published.GetProperty("version").GetInt32());
        Assert.True(published.GetProperty("isPublished").GetBoolean());
        Assert.Equal("Gate", published.String("name")); // trimmed

        using var third = await SaveAsync(StudioRequests.LaterSave("contract-versions", publish: false));
        var draft = await third.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Equal(2, draft.GetProperty("version").GetInt32());
        Assert.False(draft.GetProperty("isPublished").GetBoolean());

        var history = (await fixture.GetJsonAsync("/elsa/v1/workflow-definitions/contract-versions/history")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([2, 1], history.Select(v => v.GetProperty("version").GetInt32()));
        foreach (var row in history)
        {
            row.String("id");
            Assert.Equal("contract-versions", row.String("definitionId"));
            row.HasBool("isLatest");
            row.HasBool("isPublished");
            row.String("createdAt");
        }

        var publishedOnly = (await fixture.GetJsonAsync("/elsa/v1/workflow-definitions?ids=contract-versions&version=Published")).Paged().ToList();
        Assert.Equal(1, Assert.Single(publishedOnly).GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task PublishAndRetract_AnswerAcceptedWithTheDefinition_OrNotFound()
    {
        (await SaveAsync(StudioRequests.LaterSave("contract-publish", publish: false))).Dispose();

        using var publish = await fixture.Writer.PostAsync("/elsa/v1/workflow-definitions/contract-publish/publish", null, Token);
        Assert.Equal(HttpStatusCode.Accepted, publish.StatusCode);
        Assert.True((await publish.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("isPublished").GetBoolean());

        using var again = await fixture.Writer.PostAsync("/elsa/v1/workflow-definitions/contract-publish/publish", null, Token);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode); // no draft left

        using var retract = await fixture.Writer.PostAsync("/elsa/v1/workflow-definitions/contract-publish/retract", null, Token);
        Assert.Equal(HttpStatusCode.Accepted, retract.StatusCode);
        AssertFullDefinition(await retract.Content.ReadFromJsonAsync<JsonElement>(Token));
    }

    [Fact]
    public async Task Save_VariablesThatAreNotJson_IsRefusedWithTheReason()
    {
        using var response = await SaveAsync(StudioRequests.LaterSave("contract-bad", publish: false, variables: "{ not json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("variables", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Fact]
    public async Task DeleteAllVersions_RemovesTheDefinition()
    {
        (await SaveAsync(StudioRequests.FirstSave("contract-delete"))).Dispose();

        using var delete = await fixture.Writer.DeleteAsync("/elsa/v1/workflow-definitions/contract-delete/AllVersions", Token);
        using var latest = await fixture.Http.GetAsync("/elsa/v1/workflow-definitions/contract-delete/Latest", Token);

        Assert.Equal(HttpStatusCode.Accepted, delete.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, latest.StatusCode);
    }

    [Fact]
    public async Task DeleteAllVersions_WhileAnInstanceHasNotEnded_IsAConflictAndKeepsThem()
    {
        var id = await fixture.StartWaitingRunAsync("contract-delete-in-use");

        using var refused = await fixture.Writer.DeleteAsync("/elsa/v1/workflow-definitions/contract-delete-in-use/AllVersions", Token);
        using var kept = await fixture.Http.GetAsync("/elsa/v1/workflow-definitions/contract-delete-in-use/Latest", Token);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Contains("have not ended", (await refused.Content.ReadFromJsonAsync<JsonElement>(Token)).String("detail"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);

        (await fixture.Writer.PostAsync($"/api/instances/{id}/cancel", null, Token)).Dispose();
        using var deleted = await fixture.Writer.DeleteAsync("/elsa/v1/workflow-definitions/contract-delete-in-use/AllVersions", Token);
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
    }

    [Fact]
    public async Task Export_IsAnAttachmentOfTheVersionAsElsaJson()
    {
        using var export = await fixture.Writer.PostAsync("/elsa/v1/workflow-definitions/calico-downgrade/1/export", null, Token);

        Assert.Equal(HttpStatusCode.OK, export.StatusCode);
        Assert.Equal("calico-downgrade-v1.json", export.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        AssertFullDefinition(JsonDocument.Parse(await export.Content.ReadAsStringAsync(Token)).RootElement);
    }

    [Fact]
    public async Task Revert_ToAnOlderVersion_MakesItsContentTheDraft()
    {
        (await SaveAsync(StudioRequests.FirstSave("contract-revert", publish: true))).Dispose();
        (await SaveAsync(StudioRequests.LaterSave("contract-revert", publish: false))).Dispose();

        using var revert = await fixture.Writer.PostAsync("/elsa/v1/workflow-definitions/contract-revert/revert/1", null, Token);

        Assert.Equal(HttpStatusCode.OK, revert.StatusCode);
        var draft = await revert.Content.ReadFromJsonAsync<JsonElement>(Token);
        AssertFullDefinition(draft);
        Assert.Equal((2, true, false), (draft.GetProperty("version").GetInt32(), draft.GetProperty("isLatest").GetBoolean(), draft.GetProperty("isPublished").GetBoolean()));
        Assert.Equal("New Workflow", draft.String("name")); // version 1's, not the later save's "Gate"
        using var unknown = await fixture.Writer.PostAsync("/elsa/v1/workflow-definitions/contract-revert/revert/9", null, Token);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Import_AnExportedFile_BecomesADraftOfTheTargetDefinition()
    {
        using var export = await fixture.Writer.PostAsync("/elsa/v1/workflow-definitions/calico-downgrade/1/export", null, Token);
        var exported = await export.Content.ReadAsStringAsync(Token);

        using var import = await ImportAsync("contract-import", exported);

        Assert.Equal(HttpStatusCode.OK, import.StatusCode);
        var draft = await import.Content.ReadFromJsonAsync<JsonElement>(Token);
        AssertFullDefinition(draft);
        Assert.Equal(("contract-import", 1, false), (draft.String("definitionId"), draft.GetProperty("version").GetInt32(), draft.GetProperty("isPublished").GetBoolean()));
        Assert.Equal(JsonDocument.Parse(exported).RootElement.GetProperty("activities").GetArrayLength(), draft.GetProperty("activities").GetArrayLength());
    }

    [Fact]
    public async Task Import_AFileThatIsNotADefinition_IsRefusedNamingTheFile()
    {
        using var import = await ImportAsync("contract-import-bad", "{ not json");

        Assert.Equal(HttpStatusCode.BadRequest, import.StatusCode);
        Assert.Contains("flow.json", await import.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    private async Task<HttpResponseMessage> ImportAsync(string definitionId, string file)
    {
        using var form = new MultipartFormDataContent { { new StringContent(file, Encoding.UTF8, "application/json"), "file", "flow.json" } };
        return await fixture.Writer.PostAsync($"/elsa/v1/workflow-definitions/{definitionId}/import", form, Token);
    }

    private Task<HttpResponseMessage> SaveAsync(string body) =>
        fixture.Writer.PostAsync("/elsa/v1/workflow-definitions", new StringContent(body, Encoding.UTF8, "application/json"), Token);

    private static void AssertFullDefinition(JsonElement definition)
    {
        definition.String("id");
        definition.String("definitionId");
        definition.Has("version", JsonValueKind.Number);
        definition.HasBool("isLatest");
        definition.HasBool("isPublished");
        definition.HasBool("isSingleton");
        definition.HasBool("deleteCompletedInstances");
        definition.String("persistenceBehavior");
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(definition.String("variables")).RootElement.ValueKind);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(definition.String("customAttributes")).RootElement.ValueKind);
        definition.Has("connections", JsonValueKind.Array);
        foreach (var activity in definition.Has("activities", JsonValueKind.Array).EnumerateArray())
        {
            activity.String("activityId");
            activity.String("type");
            activity.Has("properties", JsonValueKind.Array);
        }
    }
}
