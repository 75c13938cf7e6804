using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Saga.Designer.Tests.Support;

namespace Saga.Designer.Tests.Contract;

/// <summary>What the studio's instance list does to instances: cancel, retry, one or many; deleting is refused.</summary>
[Collection(SharedServer.Name)]
public sealed class InstanceActionsContractTests(ServerFixture fixture)
{
    private const string Unknown = "0123456789abcdef0123456789abcdef";

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cancel_WaitingInstance_CancelsIt()
    {
        var id = await fixture.StartWaitingRunAsync("actions-cancel");

        using var response = await fixture.Writer.PostAsync($"/elsa/v1/workflow-instances/{id}/cancel", null, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Cancelled", (await fixture.GetJsonAsync($"/elsa/v1/workflow-instances/{id}")).String("workflowStatus"));
    }

    [Theory]
    [InlineData("/elsa/v1/workflow-instances/" + Unknown + "/cancel")]
    [InlineData("/api/instances/" + Unknown + "/cancel")]
    [InlineData("/elsa/v1/workflow-instances/" + Unknown + "/retry")]
    public async Task Action_UnknownInstance_IsNotFound(string path)
    {
        using var response = await fixture.Writer.PostAsJsonAsync(path, new { runImmediately = false }, Token);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Retry_FaultedInstance_RunsTheFailedStepAgain()
    {
        var id = await fixture.StartFaultingRunAsync("actions-retry");

        using var response = await fixture.Writer.PostAsJsonAsync($"/elsa/v1/workflow-instances/{id}/retry", new { runImmediately = false }, Token);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await fixture.WaitForRunAsync(id, "a second journal entry", run => run.GetProperty("journal").GetArrayLength() >= 2);
    }

    [Fact]
    public async Task BulkCancel_SkipsUnknownAndEndedInstances_AndCountsWhatItCancelled()
    {
        var first = await fixture.StartWaitingRunAsync("actions-bulk-cancel");
        var second = await fixture.StartAsync("actions-bulk-cancel");
        await fixture.WaitForStateAsync(second, "Suspended");
        (await fixture.Writer.PostAsync($"/api/instances/{first}/cancel", null, Token)).Dispose();
        var third = await fixture.StartAsync("actions-bulk-cancel");
        await fixture.WaitForStateAsync(third, "Suspended");

        using var response = await fixture.Writer.PostAsJsonAsync("/elsa/v1/workflow-instances/bulk/cancel", new { workflowInstanceIds = new[] { first, Unknown, second, third } }, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(2, (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("cancelledWorkflowCount").GetInt32());
        await fixture.WaitForStateAsync(second, "Cancelled");
        await fixture.WaitForStateAsync(third, "Cancelled");
    }

    [Fact]
    public async Task BulkRetry_SkipsUnknownAndWaitingInstances_AndCountsWhatItScheduled()
    {
        var waiting = await fixture.StartWaitingRunAsync("actions-bulk-retry-waiting");
        var faulted = await fixture.StartFaultingRunAsync("actions-bulk-retry");

        using var response = await fixture.Writer.PostAsJsonAsync("/elsa/v1/workflow-instances/bulk/retry", new { workflowInstanceIds = new[] { waiting, Unknown, faulted } }, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty("scheduledWorkflowCount").GetInt32());
        await fixture.WaitForRunAsync(faulted, "a second journal entry", run => run.GetProperty("journal").GetArrayLength() >= 2);
    }

    [Theory]
    [InlineData("bulk/cancel", "cancelledWorkflowCount")]
    [InlineData("bulk/retry", "scheduledWorkflowCount")]
    public async Task Bulk_WithoutIds_DoesNothing(string action, string count)
    {
        using var response = await fixture.Writer.PostAsJsonAsync($"/elsa/v1/workflow-instances/{action}", new { }, Token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(0, (await response.Content.ReadFromJsonAsync<JsonElement>(Token)).GetProperty(count).GetInt32());
    }

    [Fact]
    public async Task List_PageFarBeyondTheEnd_IsEmptyWithTheTotal()
    {
        var list = await fixture.GetJsonAsync($"/elsa/v1/workflow-instances?page={int.MaxValue}&pageSize=100");

        Assert.Empty(list.Paged(page: int.MaxValue, pageSize: 100));
    }

    [Fact]
    public async Task Delete_Instance_IsRefusedBecauseInstancesAreTheRecord()
    {
        var id = await fixture.StartWaitingRunAsync("actions-delete");

        using var one = await fixture.Writer.DeleteAsync($"/elsa/v1/workflow-instances/{id}", Token);
        using var unknown = await fixture.Writer.DeleteAsync($"/elsa/v1/workflow-instances/{Unknown}", Token);
        using var bulkRequest = new HttpRequestMessage(HttpMethod.Delete, "/elsa/v1/workflow-instances/bulk") { Content = JsonContent.Create(new { workflowInstanceIds = new[] { id } }) };
        using var bulk = await fixture.Writer.SendAsync(bulkRequest, Token);

        Assert.Equal(HttpStatusCode.Conflict, one.StatusCode);
        Assert.Contains("record", (await one.Content.ReadFromJsonAsync<JsonElement>(Token)).String("detail"), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, bulk.StatusCode);
        Assert.Equal("Suspended", (await fixture.GetJsonAsync($"/elsa/v1/workflow-instances/{id}")).String("workflowStatus"));
    }
}
