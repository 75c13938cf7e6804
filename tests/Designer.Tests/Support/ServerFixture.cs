using System.Net.Http.Json;
using System.Text.Json;

namespace Saga.Designer.Tests.Support;

/// <summary>One <c>saga serve</c> shared by the contract tests (each test uses definition ids of its own).</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private SagaServer? server;

    internal SagaServer Server => server ?? throw new InvalidOperationException("not started");

    /// <summary>Reads of instances need the key too: a client with the key the server printed.</summary>
    internal HttpClient Http => Writer;

    /// <summary>A client without any key: definitions, the palette and the pages only.</summary>
    internal HttpClient Anonymous => Server.Http;

    /// <summary>Changes: the key the server printed.</summary>
    internal HttpClient Writer { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        server = await SagaServer.StartAsync();
        Writer = server.Authorized();
    }

    public async ValueTask DisposeAsync()
    {
        Writer?.Dispose();
        if (server is not null)
            await server.DisposeAsync();
    }

    /// <summary>Saves and publishes a studio-shaped definition (<see cref="StudioRequests"/>).</summary>
    internal async Task PublishAsync(string body)
    {
        using var response = await Writer.PostAsync("/elsa/v1/workflow-definitions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    /// <summary>Starts a run through the operations API and returns the instance id.</summary>
    internal async Task<string> StartAsync(string definitionId, string? inventoryPath = null)
    {
        using var response = await Writer.PostAsJsonAsync("/api/runs", new { definitionId, inventoryPath }, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetString()!;
    }

    /// <summary>Publishes a Delay-then-Approval flow under <paramref name="definitionId"/>, starts it and waits until it waits for the approval.</summary>
    internal async Task<string> StartWaitingRunAsync(string definitionId)
    {
        await PublishAsync(StudioRequests.LaterSave(definitionId, publish: true));
        var id = await StartAsync(definitionId);
        await WaitForStateAsync(id, "Suspended");
        return id;
    }

    /// <summary>A published one-step flow whose Calico step faults at once (it is started without an inventory), started and faulted.</summary>
    internal async Task<string> StartFaultingRunAsync(string definitionId)
    {
        await PublishFaultingAsync(definitionId);
        var id = await StartAsync(definitionId);
        await WaitForStateAsync(id, "Faulted");
        return id;
    }

    /// <summary>Publishes a one-step flow whose Calico step faults when started without an inventory.</summary>
    internal Task PublishFaultingAsync(string definitionId) => PublishAsync($$"""
        { "workflowDefinitionId": "{{definitionId}}", "publish": true,
          "activities": [ { "activityId": "clean", "type": "CleanPackageCache", "properties": [], "category": "" } ], "connections": [] }
        """);

    /// <summary>Polls the operations API until the instance is in <paramref name="state"/>; fails on another end state.</summary>
    internal Task<JsonElement> WaitForStateAsync(string instanceId, string state) =>
        WaitForRunAsync(instanceId, $"state {state}", details =>
        {
            var now = details.GetProperty("run").GetProperty("state").GetString();
            Assert.False(now != state && now is "Finished" or "Faulted" or "Cancelled", $"instance {instanceId} is {now}, expected {state}: {details}");
            return now == state;
        });

    /// <summary>
    /// The one polling loop of these tests: reads <c>GET /api/instances/{id}</c> until <paramref name="done"/> says so,
    /// for at most three minutes, and returns what it read last.
    /// </summary>
    internal async Task<JsonElement> WaitForRunAsync(string instanceId, string what, Func<JsonElement, bool> done)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(3));
        JsonElement details = default;
        try
        {
            while (!done(details = await GetJsonAsync($"/api/instances/{instanceId}")))
                await Task.Delay(200, timeout.Token);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            Assert.Fail($"instance {instanceId} did not reach {what} in three minutes: {details}");
        }

        return details;
    }

    internal async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(path, TestContext.Current.CancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }
}

[CollectionDefinition(Name)]
public sealed class SharedServer : ICollectionFixture<ServerFixture>
{
    public const string Name = "saga serve";
}
