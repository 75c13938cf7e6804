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

    /// <summary>The name of the command key the hosts on this broker hold, and <c>saga trigger</c> signs with.</summary>
    public const string CommandKeyId = "tests";

    /// <summary>The command key itself (a host on RabbitMQ needs one to start).</summary>
    public const string CommandKey = "tests-command-key-0123456789abcdef0123456789";

    /// <summary>The environment that points saga at this broker, with the command key hosts check and senders sign with.</summary>
    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["Saga__Bus__Transport"] = "RabbitMq",
        ["Saga__Bus__RabbitMq__Host"] = "127.0.0.1",
        ["Saga__Bus__RabbitMq__Port"] = Port.ToString(CultureInfo.InvariantCulture),
        [$"Saga__Bus__CommandKeys__{CommandKeyId}"] = CommandKey,
        ["SAGA_BUS_KEY_ID"] = CommandKeyId,
        ["SAGA_BUS_KEY"] = CommandKey,
    };

    public static Task<Broker> StartAsync() => StartAsync(21730 + Interlocked.Increment(ref next) % 200); // below the ephemeral ports, as is its distribution port

    /// <summary>A broker on a port the caller chose (a benchmark given its own).</summary>
    public static async Task<Broker> StartAsync(int port)
    {
        var broker = new Broker(port);
        await broker.RunAsync("down"); // whatever an earlier run left on this port
        await broker.RunAsync("up");
        return broker;
    }

    /// <summary>Stops the broker as its service would (durable queues and their messages are kept).</summary>
    public Task StopAsync() => RunAsync("stop");

    public Task StartAgainAsync() => RunAsync("start");

    public async ValueTask DisposeAsync() => await RunAsync("down");

    private Task<string> RunAsync(string action) => RepositoryScripts.RunAsync("scripts/services/rabbitmq", action, Port.ToString(CultureInfo.InvariantCulture));
}
