using System.Net.Http.Json;
using System.Text.Json;

namespace Saga.Designer.Tests.Support;

/// <summary>One <c>saga serve</c> shared by the contract tests (each test uses definition ids of its own).</summary>
public sealed class ServerFixture : IAsyncLifetime
{
    private SagaServer? server;

    internal SagaServer Server => server ?? throw new InvalidOperationException("not started");

    /// <summary>Reads: no key needed.</summary>
    internal HttpClient Http => Server.Http;

    /// <summary>Changes: the key the server printed.</summary>
    internal HttpClient Writer { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        server = await SagaServer.StartAsync();
        Writer = new HttpClient { BaseAddress = server.Http.BaseAddress };
    }

    public async ValueTask DisposeAsync()
    {
        Writer?.Dispose();
        if (server is not null)
            await server.DisposeAsync();
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
