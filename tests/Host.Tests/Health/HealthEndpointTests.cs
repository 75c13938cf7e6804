using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Saga.Host.Tests.Support;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Health;

/// <summary>The probes of <c>saga serve</c> and <c>saga worker --health-urls</c>, asked with <c>saga health</c> as a container would.</summary>
public sealed class HealthEndpointTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Serve_InMemoryBus_LiveAndReadyAreHealthyAndSagaHealthExitsZero()
    {
        using var workspace = new Workspace();
        var url = Url();
        using var serve = workspace.Start("serve", "--urls", url);

        var ready = await WaitForAsync(workspace, $"{url}/health/ready", healthy: true, serve);

        Assert.Contains("store: Healthy", ready.Stdout, StringComparison.Ordinal);
        Assert.Contains("masstransit-bus: Healthy", ready.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, (await workspace.RunAsync("health", "--url", $"{url}/health/live")).ExitCode);
    }

    [Fact]
    public async Task Serve_OnRabbitMq_IsNotReadyWhileTheBrokerIsStoppedAndReadyOnceItIsBack()
    {
        await using var broker = await Broker.StartAsync();
        using var workspace = new Workspace();
        foreach (var (key, value) in broker.Environment)
            workspace.Environment[key] = value;
        var url = Url();
        using var serve = workspace.Start("serve", "--urls", url);
        await WaitForAsync(workspace, $"{url}/health/ready", healthy: true, serve);

        await broker.StopAsync();
        var down = await WaitForAsync(workspace, $"{url}/health/ready", healthy: false, serve);
        Assert.DoesNotContain("masstransit-bus: Healthy", down.Stdout, StringComparison.Ordinal); // Degraded: endpoints without their broker
        Assert.Contains("store: Healthy", down.Stdout, StringComparison.Ordinal);
        Assert.Contains("503", down.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, (await workspace.RunAsync("health", "--url", $"{url}/health/live")).ExitCode); // alive all along: nothing to restart

        await broker.StartAgainAsync();
        await WaitForAsync(workspace, $"{url}/health/ready", healthy: true, serve);
    }

    [Fact]
    public async Task Worker_WithHealthUrls_AnswersTheSameProbesAndFollowsTheBroker()
    {
        await using var broker = await Broker.StartAsync();
        using var workspace = new Workspace();
        foreach (var (key, value) in broker.Environment)
            workspace.Environment[key] = value;
        var url = Url();
        using var worker = workspace.Start("worker", "--health-urls", url);

        var ready = await WaitForAsync(workspace, $"{url}/health/ready", healthy: true, worker);
        Assert.Contains("store: Healthy", ready.Stdout, StringComparison.Ordinal);

        await broker.StopAsync();
        await WaitForAsync(workspace, $"{url}/health/ready", healthy: false, worker);
        await broker.StartAgainAsync();
        await WaitForAsync(workspace, $"{url}/health/ready", healthy: true, worker);
    }

    [Fact]
    public async Task Health_NothingListening_ExitsOneSayingSo()
    {
        using var workspace = new Workspace();
        var url = Url();

        var health = await workspace.RunAsync("health", "--url", $"{url}/health/ready");

        Assert.Equal(1, health.ExitCode);
        Assert.Contains($"no answer from {url}/health/ready", health.Stderr, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>saga health</c> until it says <paramref name="healthy"/>; returns that run.</summary>
    private static async Task<SagaProcess> WaitForAsync(Workspace workspace, string url, bool healthy, SagaProcess server)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(Token);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        SagaProcess? last = null;
        while (!timeout.IsCancellationRequested)
        {
            Assert.False(server.HasExited, server.ToString());
            last = await workspace.RunAsync("health", "--url", url, "--timeout", "00:00:05");
            if ((last.ExitCode == 0) == healthy)
                return last;
            await Task.Delay(500, Token);
        }

        throw new TimeoutException($"{url} never became {(healthy ? "healthy" : "unhealthy")}; last:\n{last}\nserver:\n{server}");
    }

    private static string Url()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return "http://127.0.0.1:" + ((IPEndPoint)listener.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture);
    }
}
