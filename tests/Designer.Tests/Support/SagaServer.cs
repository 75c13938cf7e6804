using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Saga.Host.Tests.Support;

namespace Saga.Designer.Tests.Support;

/// <summary>The real <c>saga serve</c> on a free loopback port, in a workspace of its own (store, logs, key hash).</summary>
internal sealed partial class SagaServer : IAsyncDisposable
{
    private readonly SagaProcess process;
    private readonly bool ownsWorkspace;

    private SagaServer(Workspace workspace, SagaProcess process, string url, bool ownsWorkspace)
    {
        Workspace = workspace;
        this.process = process;
        this.ownsWorkspace = ownsWorkspace;
        Url = url;
        Http = new HttpClient { BaseAddress = new Uri(url), Timeout = TimeSpan.FromMinutes(1) };
    }

    public Workspace Workspace { get; }

    public string Url { get; }

    /// <summary>A client without the API key: definitions, the palette and the pages answer; instances and changes are refused.</summary>
    public HttpClient Http { get; }

    public string Output => process.ToString();

    /// <summary>The folder this server starts runs' inventories from (<c>Saga:Inventories:Directory</c>).</summary>
    public string InventoryFolder => Workspace.Environment["Saga__Inventories__Directory"];

    /// <summary>The key <c>saga serve</c> printed when it created one at its first start.</summary>
    public string ApiKey => KeyLine().Match(process.Stdout) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no API key printed:\n" + Output);

    /// <summary>A client that sends an API key: <paramref name="key"/>, else the one this server printed.</summary>
    public HttpClient Authorized(string? key = null)
    {
        var client = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = Http.Timeout };
        client.DefaultRequestHeaders.Add("X-Api-Key", key ?? ApiKey);
        return client;
    }

    public static Task<SagaServer> StartAsync(Workspace? workspace = null, params string[] extraArgs)
    {
        var url = $"http://127.0.0.1:{FreePort()}";
        return StartAsync(workspace, url, ["serve", "--urls", url, .. extraArgs]);
    }

    /// <summary>Starts <c>saga serve</c> without <c>--urls</c>, with only <c>Saga:Serve:Port</c> set: where it listens is its own choice.</summary>
    public static Task<SagaServer> StartWithOnlyAPortAsync(Workspace workspace)
    {
        var port = FreePort();
        workspace.Environment["Saga__Serve__Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return StartAsync(workspace, $"http://127.0.0.1:{port}", ["serve"]);
    }

    /// <summary>Starts <c>saga</c> with <paramref name="args"/>, reached by the tests at <paramref name="url"/>.</summary>
    public static async Task<SagaServer> StartAsync(Workspace? workspace, string url, string[] args)
    {
        var owns = workspace is null;
        workspace ??= new Workspace();
        // The tests knock without a key on purpose, many times from one address; the limit has a test of its own.
        workspace.Environment.TryAdd("Saga__Api__FailedKeyLimit", "100000");
        // POST /api/runs reads inventories from this folder only.
        workspace.Environment.TryAdd("Saga__Inventories__Directory", Directory.CreateDirectory(Path.Combine(workspace.Folder, "inventories")).FullName);
        var process = workspace.Start(args);
        var server = new SagaServer(workspace, process, url, owns);
        try
        {
            await server.WaitUntilHealthyAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    private async Task WaitUntilHealthyAsync()
    {
        // A safety limit, not a timing: a shared machine under load can take more than a minute to start a host.
        var limit = TimeSpan.FromMinutes(3);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(limit);
        while (true)
        {
            if (process.HasExited)
                throw new InvalidOperationException("saga serve stopped:\n" + Output);
            if (timeout.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
                throw new TimeoutException($"saga serve did not answer /health within {limit}; it printed:\n{Output}");
            try
            {
                using var response = await Http.GetAsync("/health", timeout.Token);
                if (response.StatusCode == HttpStatusCode.OK && process.Stdout.Contains("Listening", StringComparison.Ordinal))
                    return;
            }
            catch (HttpRequestException)
            {
            }
            catch (OperationCanceledException) when (timeout.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
            {
                continue; // said above
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>A loopback port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public ValueTask DisposeAsync()
    {
        Http.Dispose();
        process.Dispose();
        if (ownsWorkspace)
            Workspace.Dispose();
        return ValueTask.CompletedTask;
    }

    [GeneratedRegex(@"API key \(shown once[^:]*\): (\S+)")]
    private static partial Regex KeyLine();
}
