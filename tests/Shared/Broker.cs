using System.Diagnostics;
using System.Globalization;

namespace Saga.Tests.Lab;

/// <summary>
/// A RabbitMQ broker of Debian's rabbitmq-server on a loopback port of its own, started by the project's
/// scripts/services/rabbitmq; stopped and deleted on dispose. Can be stopped and started again on its kept data.
/// </summary>
public sealed class Broker : IAsyncDisposable
{
    private static int next = System.Environment.ProcessId % 40 * 5;

    private Broker(int port) => Port = port;

    public int Port { get; }

    /// <summary>The environment that points saga at this broker.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["Saga__Bus__Transport"] = "RabbitMq",
        ["Saga__Bus__RabbitMq__Host"] = "127.0.0.1",
        ["Saga__Bus__RabbitMq__Port"] = Port.ToString(CultureInfo.InvariantCulture),
    };

    public static async Task<Broker> StartAsync()
    {
        var broker = new Broker(56730 + Interlocked.Increment(ref next) % 200);
        await broker.RunAsync("down"); // whatever an earlier run left on this port
        await broker.RunAsync("up");
        return broker;
    }

    /// <summary>Stops the broker as its service would (durable queues and their messages are kept).</summary>
    public Task StopAsync() => RunAsync("stop");

    public Task StartAgainAsync() => RunAsync("start");

    public async ValueTask DisposeAsync() => await RunAsync("down");

    private async Task RunAsync(string action)
    {
        var info = new ProcessStartInfo("bash", [Script, action, Port.ToString(CultureInfo.InvariantCulture)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"scripts/services/rabbitmq {action} {Port} failed ({process.ExitCode}):\n{await output}{await error}");
    }

    private static string Script { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "scripts", "services", "rabbitmq");
            if (File.Exists(candidate))
                return candidate;
        }

        throw new InvalidOperationException("scripts/services/rabbitmq not found above " + AppContext.BaseDirectory);
    }
}
