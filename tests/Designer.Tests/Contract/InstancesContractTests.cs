using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saga.Designer.Tests.Support;

namespace Saga.Designer.Tests.Contract;

/// <summary>v1/workflow-instances: the list, the viewer (activity data, blocking activities, faults), the journal, stats.</summary>
[Collection(SharedServer.Name)]
public sealed class InstancesContractTests(ServerFixture fixture)
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Instance_WaitingForApproval_ShowsItsBlockingActivityAndExecutedSteps()
    {
        var id = await fixture.StartWaitingRunAsync("instances-waiting");

        var instance = await fixture.GetJsonAsync($"/elsa/v1/workflow-instances/{id}");

        AssertSummary(instance, id, "Suspended");
        instance.Has("variables", JsonValueKind.Object).Has("data", JsonValueKind.Object);
        var activityData = instance.Has("activityData", JsonValueKind.Object);
        var delay = activityData.Has("cc42a6b3-d52a-4677-874d-cfe352c66f56", JsonValueKind.Object).Has("_Lifecycle", JsonValueKind.Object);
        Assert.True(delay.GetProperty("Executed").GetBoolean());
        var blocking = Assert.Single(instance.Has("blockingActivities", JsonValueKind.Array).EnumerateArray());
        Assert.Equal("0b3b8d4e-5a61-4a43-9d0e-6a0f8c1c2d3e", blocking.String("activityId"));
        Assert.Equal("Approval", blocking.String("activityType"));
        instance.Has("scheduledActivities", JsonValueKind.Array);
        instance.Has("scopes", JsonValueKind.Array);
        Assert.Empty(instance.Has("faults", JsonValueKind.Array).EnumerateArray());
        instance.Lacks("$id");
    }

    [Fact]
    public async Task List_ByStatus_IsPagedSummariesWithoutTheirDetails()
    {
        var id = await fixture.StartWaitingRunAsync("instances-list");

        var list = await fixture.GetJsonAsync("/elsa/v1/workflow-instances?status=Suspended&orderBy=Started&pageSize=15");

        var row = list.Paged(pageSize: 15).Single(i => i.String("id") == id);
        AssertSummary(row, id, "Suspended");
        row.Has("metadata", JsonValueKind.Object);
        row.Lacks("activityData");
        row.Lacks("variables");
        var finished = await fixture.GetJsonAsync("/elsa/v1/workflow-instances?status=Finished&orderBy=Started&pageSize=15");
        Assert.DoesNotContain(finished.Paged(pageSize: 15), i => i.String("id") == id);
    }

    [Fact]
    public async Task List_StatusTheStudioOffersButWeNeverHave_IsAnEmptyPage()
    {
        await fixture.StartWaitingRunAsync("instances-idle");

        var list = await fixture.GetJsonAsync("/elsa/v1/workflow-instances?status=Idle&orderBy=Started&pageSize=15");

        Assert.Empty(list.Paged(pageSize: 15));
        Assert.Equal(0, list.GetProperty("totalCount").GetInt32());
    }

    [Fact]
    public async Task List_ByWorkflowPagedAndSearched_IsFilteredAndCountedWhole()
    {
        var ids = new List<string> { await fixture.StartWaitingRunAsync("instances-paged") };
        for (var i = 0; i < 2; i++)
        {
            ids.Add(await fixture.StartAsync("instances-paged"));
            await fixture.WaitForStateAsync(ids[^1], "Suspended");
        }

        var first = await fixture.GetJsonAsync("/elsa/v1/workflow-instances?workflow=instances-paged&orderBy=Started&pageSize=2");
        var second = await fixture.GetJsonAsync("/elsa/v1/workflow-instances?workflow=instances-paged&orderBy=Started&page=1&pageSize=2");
        var searched = await fixture.GetJsonAsync($"/elsa/v1/workflow-instances?searchTerm={ids[1][4..14].ToUpperInvariant()}&pageSize=15");

        Assert.Equal([ids[2], ids[1]], first.Paged(pageSize: 2).Select(i => i.String("id")));
        Assert.Equal(3, first.GetProperty("totalCount").GetInt32());
        Assert.Equal([ids[0]], second.Paged(page: 1, pageSize: 2).Select(i => i.String("id")));
        Assert.Equal(ids[1], Assert.Single(searched.Paged(pageSize: 15)).String("id"));
    }

    [Fact]
    public async Task ExecutionLog_IsOldestFirstWithOutcomesAsData()
    {
        var id = await fixture.StartWaitingRunAsync("instances-log");

        var log = (await fixture.GetJsonAsync($"/elsa/v1/workflow-instances/{id}/execution-log")).Paged().ToList();

        Assert.Equal(["Executing", "Executed", "Executing", "Suspended"], log.Select(r => r.String("eventName")));
        var executed = log[1];
        executed.String("id");
        Assert.Equal(id, executed.String("workflowInstanceId"));
        Assert.Equal("Delay", executed.String("activityType"));
        executed.String("timestamp");
        Assert.Equal(["Done"], executed.Has("data", JsonValueKind.Object).Strings("Outcomes"));
    }

    [Fact]
    public async Task ActivityStats_CountsEventsWithDurationsMomentReads()
    {
        var id = await fixture.StartWaitingRunAsync("instances-stats");

        var stats = await fixture.GetJsonAsync($"/elsa/v1/workflow-instances/{id}/activity-stats/cc42a6b3-d52a-4677-874d-cfe352c66f56");

        var count = Assert.Single(stats.Has("eventCounts", JsonValueKind.Array).EnumerateArray());
        Assert.Equal("Executed", count.String("eventName"));
        Assert.Equal(1, count.GetProperty("count").GetInt32());
        Assert.Matches(@"^\d{2}:\d{2}:\d{2}(\.\d{7})?$", stats.String("averageExecutionTime"));
        stats.String("fastestExecutionTime");
        stats.String("slowestExecutionTime");
        stats.String("lastExecutedAt");
    }

    [Fact]
    public async Task Instance_Faulted_ListsItsFaultAtTheActivity()
    {
        var id = await fixture.StartFaultingRunAsync("instances-faulted");

        var instance = await fixture.GetJsonAsync($"/elsa/v1/workflow-instances/{id}");

        AssertSummary(instance, id, "Faulted");
        instance.String("faultedAt");
        var fault = Assert.Single(instance.Has("faults", JsonValueKind.Array).EnumerateArray());
        Assert.Equal("clean", fault.String("faultedActivityId"));
        Assert.Contains("inventory", fault.String("message"), StringComparison.Ordinal);
        fault.HasBool("resuming");
        var exception = fault.Has("exception", JsonValueKind.Object);
        Assert.Equal("System.InvalidOperationException", exception.String("type"));
        Assert.Equal(fault.String("message"), exception.String("message"));
        var log = (await fixture.GetJsonAsync($"/elsa/v1/workflow-instances/{id}/execution-log")).Paged().ToList();
        Assert.Contains("inventory", log[^1].Has("data", JsonValueKind.Object).Has("Exception", JsonValueKind.Object).String("Message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Instance_Unknown_IsNotFound()
    {
        using var response = await fixture.Http.GetAsync("/elsa/v1/workflow-instances/0123456789abcdef0123456789abcdef", Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static void AssertSummary(JsonElement instance, string id, string status)
    {
        Assert.Equal(id, instance.String("id"));
        instance.String("definitionId");
        instance.String("definitionVersionId");
        instance.Has("version", JsonValueKind.Number);
        Assert.Equal(status, instance.String("workflowStatus"));
        instance.String("createdAt");
    }
}
