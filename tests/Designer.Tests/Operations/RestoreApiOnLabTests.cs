using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saga.Designer.Tests.Support;
using Saga.Host.Tests.Support;
using Saga.Tests.Lab;

namespace Saga.Designer.Tests.Operations;

/// <summary>The restore and report endpoints on a run of a lab of real SSH nodes, with a key for changes and a read-only key.</summary>
public sealed class RestoreApiOnLabTests
{
    private const string Key = "change-key-0123456789abcdef0123456789";
    private const string ReadKey = "read-only-0123456789abcdef0123456789";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Restore_PlanChangesNothing_RefusesWhatSagaRestoreRefuses_ThenStartsOneRestorePerRequestId_AndTheReportHasEachFormatsType()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute");
        using var workspace = new Workspace();
        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath);
        Assert.True(run.ExitCode == 0, run.ToString());
        var id = Workspace.InstanceIdIn(run.Stdout);
        workspace.Environment["Saga__Api__Key"] = Key;
        workspace.Environment["Saga__Api__ReadKey"] = ReadKey;
        await using var server = await SagaServer.StartAsync(workspace);
        using var writer = server.Authorized(Key);
        using var reader = server.Authorized(ReadKey);
        var journal = lab.Journal("c1").Count;

        using var plan = await writer.PostAsJsonAsync($"/api/instances/{id}/restore", new { all = true, planOnly = true }, Token);
        using var readOnly = await reader.PostAsJsonAsync($"/api/instances/{id}/restore", new { all = true, planOnly = true }, Token);
        using var oneNode = await writer.PostAsJsonAsync($"/api/instances/{id}/restore", new { nodes = new[] { "c1" } }, Token);
        using var typo = await writer.PostAsJsonAsync($"/api/instances/{id}/restore", new { nodes = new[] { "c11" }, planOnly = true }, Token);
        var instancesAfterPlans = (await Json(await reader.GetAsync("/api/instances", Token))).GetArrayLength();
        var nodesAfterPlans = lab.Journal("c1").Count;

        Assert.Equal(HttpStatusCode.OK, plan.StatusCode);
        var shown = await Json(plan);
        Assert.Equal(["c1", "ctl"], shown.GetProperty("nodes").EnumerateArray().Select(n => n.GetString()));
        Assert.Contains(shown.GetProperty("steps").EnumerateArray(), s => s.String("activityId") == "restore-etcdv3");
        Assert.Equal(HttpStatusCode.Forbidden, readOnly.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, oneNode.StatusCode);
        Assert.Contains("restore the whole cluster", (await Json(oneNode)).String("detail"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, typo.StatusCode);
        Assert.Contains("the run has no node 'c11'; did you mean 'c1'?", (await Json(typo)).String("detail"), StringComparison.Ordinal);
        Assert.Equal(1, instancesAfterPlans); // no plan created an instance
        Assert.Equal(journal, nodesAfterPlans); // nor ran anything that changes a node

        foreach (var (format, type) in new[] { ("html", "text/html"), ("markdown", "text/markdown"), ("json", "application/json") })
        {
            using var report = await reader.GetAsync($"/api/instances/{id}/report?format={format}", Token);
            Assert.Equal(HttpStatusCode.OK, report.StatusCode);
            Assert.Equal(type, report.Content.Headers.ContentType?.MediaType);
            Assert.Equal("utf-8", report.Content.Headers.ContentType?.CharSet);
            Assert.Contains(id, await report.Content.ReadAsStringAsync(Token), StringComparison.Ordinal);
        }

        var first = await StartAsync(writer, id, "restore-click-1");
        var retried = await StartAsync(writer, id, "restore-click-1");
        using var another = await writer.PostAsJsonAsync($"/api/instances/{id}/restore", new { all = true }, Token);

        Assert.Equal(HttpStatusCode.Accepted, first.Status);
        Assert.Equal(HttpStatusCode.Accepted, retried.Status);
        Assert.Equal(first.Id, retried.Id);
        Assert.Equal(HttpStatusCode.Conflict, another.StatusCode);
        Assert.Contains($"restore {first.Id} of run {id} has not ended", (await Json(another)).String("detail"), StringComparison.Ordinal);
        var restored = await WaitForEndAsync(reader, first.Id);
        Assert.Equal("Finished", restored.GetProperty("run").String("state"));
        using var after = await reader.GetAsync($"/api/instances/{id}/report?format=markdown", Token);
        Assert.Contains(first.Id, await after.Content.ReadAsStringAsync(Token), StringComparison.Ordinal); // the restores done
    }

    private static async Task<(HttpStatusCode Status, string Id)> StartAsync(HttpClient writer, string run, string requestId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/instances/{run}/restore") { Content = JsonContent.Create(new { all = true }) };
        request.Headers.Add("X-Request-Id", requestId);
        using var response = await writer.SendAsync(request, Token);
        var body = await Json(response);
        return (response.StatusCode, body.TryGetProperty("id", out var id) ? id.GetString()! : body.ToString());
    }

    private static async Task<JsonElement> WaitForEndAsync(HttpClient reader, string id)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(Token);
        limit.CancelAfter(TimeSpan.FromMinutes(4)); // a safety limit, not a timing
        while (true)
        {
            var details = await Json(await reader.GetAsync($"/api/instances/{id}", limit.Token));
            if (details.GetProperty("run").String("state") is "Finished" or "Faulted" or "Cancelled")
                return details;
            await Task.Delay(500, limit.Token);
        }
    }

    private static async Task<JsonElement> Json(HttpResponseMessage response)
    {
        using (response)
            return await response.Content.ReadFromJsonAsync<JsonElement>(Token);
    }
}
