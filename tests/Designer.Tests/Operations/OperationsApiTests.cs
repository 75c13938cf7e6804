using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saga.Designer.Tests.Support;

namespace Saga.Designer.Tests.Operations;

/// <summary>/api: start, approve or reject, resume, and what the operations page reads.</summary>
[Collection(SharedServer.Name)]
public sealed class OperationsApiTests(ServerFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Approve_WaitingRun_FinishesIt()
    {
        var id = await fixture.StartWaitingRunAsync("ops-approve");
        var waiting = (await fixture.GetJsonAsync($"/api/instances/{id}")).GetProperty("run");
        Assert.Equal("Approval", waiting.String("waitingOn"));

        using var approve = await fixture.Writer.PostAsJsonAsync($"/api/instances/{id}/approval", new { approved = true, comment = "looks fine" }, Token);

        Assert.Equal(HttpStatusCode.Accepted, approve.StatusCode);
        var finished = await fixture.WaitForStateAsync(id, "Finished");
        var step = finished.Has("journal", JsonValueKind.Array).EnumerateArray().Last();
        Assert.Equal("Approved", step.String("outcome"));
    }

    [Fact]
    public async Task List_ByStatus_ShowsEachRunWithWhatItWaitsOn()
    {
        var id = await fixture.StartWaitingRunAsync("ops-list");

        var waiting = await fixture.GetJsonAsync("/api/instances?status=Suspended");
        var finished = await fixture.GetJsonAsync("/api/instances?status=Finished");

        var run = Assert.Single(waiting.EnumerateArray(), r => r.String("id") == id);
        Assert.Equal(("ops-list", "Suspended", "Approval"), (run.String("definitionId"), run.String("state"), run.String("waitingOn")));
        run.Has("nodes", JsonValueKind.Object);
        run.String("createdAt");
        Assert.DoesNotContain(finished.EnumerateArray(), r => r.String("id") == id);
    }

    [Fact]
    public async Task Approve_TwoDecisionsAtOnce_OneIsTakenTheOtherIsAConflict()
    {
        var id = await fixture.StartWaitingRunAsync("ops-race");

        var answers = await Task.WhenAll(new[] { true, false }.Select(async approved =>
        {
            using var response = await fixture.Writer.PostAsJsonAsync($"/api/instances/{id}/approval", new { approved }, Token);
            return response.StatusCode;
        }));

        Assert.Equal([HttpStatusCode.Accepted, HttpStatusCode.Conflict], answers.Order());
        var finished = await fixture.WaitForStateAsync(id, "Finished");
        Assert.Single(finished.GetProperty("journal").EnumerateArray(), step => step.String("activityType") == "Approval" && step.String("eventName") == "Executed");
    }

    [Theory]
    [InlineData("empty", "{}")]
    [InlineData("typo", """{ "aproved": true }""")]
    public async Task Approve_WithoutApproved_IsRefusedNamingTheField_AndTheRunKeepsWaiting(string name, string body)
    {
        var id = await fixture.StartWaitingRunAsync("ops-decision-" + name);

        using var response = await fixture.Writer.PostAsync($"/api/instances/{id}/approval", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        problem.Has("errors", JsonValueKind.Object).Has("approved", JsonValueKind.Array);
        Assert.Equal("Suspended", (await fixture.GetJsonAsync($"/api/instances/{id}")).GetProperty("run").String("state"));
    }

    [Fact]
    public async Task Approve_RunThatIsNotWaiting_IsAConflict()
    {
        var id = await fixture.StartFaultingRunAsync("ops-not-waiting");

        using var approve = await fixture.Writer.PostAsJsonAsync($"/api/instances/{id}/approval", new { approved = true }, Token);

        Assert.Equal(HttpStatusCode.Conflict, approve.StatusCode);
    }

    [Fact]
    public async Task Resume_FaultedRun_RunsTheFailedStepAgain()
    {
        var id = await fixture.StartFaultingRunAsync("ops-resume");
        var faulted = (await fixture.GetJsonAsync($"/api/instances/{id}")).GetProperty("run");
        Assert.True(faulted.GetProperty("canResume").GetBoolean());

        using var resume = await fixture.Writer.PostAsync($"/api/instances/{id}/resume", null, Token);

        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode);
        await fixture.WaitForRunAsync(id, "a second journal entry", run => run.GetProperty("journal").GetArrayLength() >= 2); // faulted again (no inventory), but it ran again
    }

    [Fact]
    public async Task Resume_UnknownRun_IsNotFound()
    {
        using var resume = await fixture.Writer.PostAsync("/api/instances/0123456789abcdef0123456789abcdef/resume", null, Token);

        Assert.Equal(HttpStatusCode.NotFound, resume.StatusCode);
    }

    [Fact]
    public async Task Start_SameRequestIdTwice_StartsOneRun()
    {
        await fixture.PublishAsync(StudioRequests.LaterSave("ops-idempotent", publish: true));

        var first = await StartWithRequestIdAsync("ops-idempotent", "same-click");
        var second = await StartWithRequestIdAsync("ops-idempotent", "same-click");

        Assert.Equal(first, second);
    }

    [Fact]
    public async Task Start_SameRequestIdAfterTheRunFaulted_ReturnsItWithoutRunningItAgain()
    {
        await fixture.PublishFaultingAsync("ops-retried-start");
        var first = await StartWithRequestIdAsync("ops-retried-start", "retried-click");
        await fixture.WaitForStateAsync(first, "Faulted");

        var again = await StartWithRequestIdAsync("ops-retried-start", "retried-click");
        using var resume = await fixture.Writer.PostAsync($"/api/instances/{first}/resume", null, Token);
        await fixture.Server.Workspace.WaitForLogAsync($"resume {first}:");

        Assert.Equal(first, again);
        Assert.Equal(HttpStatusCode.Accepted, resume.StatusCode); // not held by a second run the retried start began
        Assert.Equal(1, fixture.Server.Workspace.CountInLog($"run {first}:"));
        Assert.Equal(2, (await fixture.WaitForStateAsync(first, "Faulted")).GetProperty("journal").GetArrayLength());
    }

    [Fact]
    public async Task Start_InventoryAmongTheVariables_IsRefused()
    {
        using var response = await fixture.Writer.PostAsJsonAsync(
            "/api/runs", new { definitionId = "calico-downgrade", variables = new { inventory = new { nodes = Array.Empty<object>() } } }, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.Contains("inventoryPath", problem.Has("errors", JsonValueKind.Object).Strings("variables.inventory")[0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("platforms")]
    [InlineData("versionSets")]
    [InlineData("node")]
    [InlineData("canaryPrompt")]
    public async Task Start_VariableTheStepsRead_IsRefused(string name)
    {
        using var response = await fixture.Writer.PostAsJsonAsync(
            "/api/runs", new { definitionId = "calico-downgrade", variables = new Dictionary<string, object> { [name] = new { ctl = "centos7" } } }, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Token);
        Assert.StartsWith($"'{name}' is reserved", problem.Has("errors", JsonValueKind.Object).Strings("variables." + name)[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_InventoryWhoseNodesARunThatHasNotEndedWorksOn_IsAConflictNamingIt_UnlessForced()
    {
        await fixture.PublishAsync(StudioRequests.LaterSave("ops-one-run-per-cluster", publish: true));
        var folder = fixture.Server.InventoryFolder;
        var first = await WriteInventoryAsync(folder, "first.yaml", "10.99.0.1", "10.99.0.2");
        var second = await WriteInventoryAsync(folder, "second.yaml", "10.99.0.9", "10.99.0.2"); // shares 10.99.0.2:22
        var waiting = await fixture.StartAsync("ops-one-run-per-cluster", first);
        await fixture.WaitForStateAsync(waiting, "Suspended");

        using var refused = await fixture.Writer.PostAsJsonAsync("/api/runs", new { definitionId = "ops-one-run-per-cluster", inventoryPath = second }, Token);
        using var forced = await fixture.Writer.PostAsJsonAsync("/api/runs", new { definitionId = "ops-one-run-per-cluster", inventoryPath = second, force = true }, Token);

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        var problem = await refused.Content.ReadAsStringAsync(Token);
        Assert.Contains($"instance {waiting}", problem, StringComparison.Ordinal);
        Assert.Contains("10.99.0.2:22", problem, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Accepted, forced.StatusCode);
    }

    [Fact]
    public async Task Start_MissingInventoryFile_IsRefusedWithTheReason()
    {
        var missing = Path.Combine(fixture.Server.InventoryFolder, "missing.yaml");
        using var response = await fixture.Writer.PostAsJsonAsync("/api/runs", new { definitionId = "calico-downgrade", inventoryPath = missing }, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("does not exist", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/etc/saga-elsewhere/cluster.yaml")]
    [InlineData("../cluster.yaml")]
    public async Task Start_InventoryOutsideTheInventoryFolder_IsRefusedAndNothingStarts(string path)
    {
        var outside = Path.GetFullPath(path, fixture.Server.InventoryFolder);
        if (path.StartsWith("..", StringComparison.Ordinal))
            await WriteInventoryAsync(Path.GetDirectoryName(outside)!, "cluster.yaml", "10.99.1.1", "10.99.1.2"); // there, and valid

        using var response = await fixture.Writer.PostAsJsonAsync("/api/runs", new { definitionId = "calico-downgrade", inventoryPath = path }, Token);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains($"not in the inventory folder {fixture.Server.InventoryFolder}", await response.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
    }

    private static async Task<string> WriteInventoryAsync(string folder, string name, string control, string compute)
    {
        var path = Path.Combine(folder, name);
        await File.WriteAllTextAsync(path, $"""
            skip: [calicoctl, readyFlag, etcdCleanup]
            nodes:
              - name: ctl
                host: {control}
                role: control
              - name: cmp
                host: {compute}
                role: compute
            """, Token);
        return path;
    }

    private async Task<string> StartWithRequestIdAsync(string definitionId, string requestId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/runs") { Content = JsonContent.Create(new { definitionId }) };
        request.Headers.Add("X-Request-Id", requestId);
        using var response = await fixture.Writer.SendAsync(request, Token);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).String("id");
    }
}
