using System.Collections.Concurrent;
using MassTransit;
using Saga.Contracts;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Bus;

/// <summary>Another service on the broker: hears every event saga publishes, as an observer of the downgrade would.</summary>
internal sealed class BusObserver : IAsyncDisposable
{
    private readonly IBusControl bus;

    private BusObserver(IBusControl bus) => this.bus = bus;

    public ConcurrentQueue<object> Events { get; } = new();

    public static async Task<BusObserver> StartAsync(Broker broker)
    {
        BusObserver? observer = null;
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host("127.0.0.1", (ushort)broker.Port, "/", h =>
            {
                h.Username("guest");
                h.Password("guest");
            });
            cfg.ReceiveEndpoint($"test-observer-{Guid.NewGuid():N}", e =>
            {
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<DowngradeStarted>(c => Record(c.Message));
                e.Handler<DowngradeStepCompleted>(c => Record(c.Message));
                e.Handler<DowngradeWaiting>(c => Record(c.Message));
                e.Handler<DowngradeNodeFinished>(c => Record(c.Message));
                e.Handler<DowngradeNodeFaulted>(c => Record(c.Message));
                e.Handler<DowngradeFinished>(c => Record(c.Message));
                e.Handler<DowngradeFaulted>(c => Record(c.Message));
                e.Handler<DowngradeCancelled>(c => Record(c.Message));
                e.Handler<CommandRejected>(c => Record(c.Message));
                e.Handler<RestoreStarted>(c => Record(c.Message));
            });
        });
        observer = new BusObserver(bus);
        await bus.StartAsync(TestContext.Current.CancellationToken);
        return observer;

        Task Record(object message)
        {
            observer!.Events.Enqueue(message);
            return Task.CompletedTask;
        }
    }

    public IEnumerable<T> Of<T>() => Events.OfType<T>();

    /// <summary>Sends a command to the hosts as another service would: signed with the broker's command key, now.</summary>
    public Task SendAsync<T>(T command)
        where T : class, ISignedCommand =>
        SendAsIsAsync(CommandSignature.Sign(command, Broker.CommandKeyId, Broker.CommandKey, DateTimeOffset.UtcNow));

    /// <summary>Sends <paramref name="message"/> to the commands queue exactly as it is: unsigned, forged or replayed.</summary>
    public async Task SendAsIsAsync<T>(T message)
        where T : class
    {
        var endpoint = await bus.GetSendEndpoint(new Uri($"queue:{Queues.Commands}"));
        await endpoint.Send(message, TestContext.Current.CancellationToken);
    }

    public async Task<T> WaitForAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        limit.CancelAfter(timeout ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            if (Of<T>().FirstOrDefault(e => match?.Invoke(e) ?? true) is { } found)
                return found;
            await Task.Delay(100, limit.Token);
        }
    }

    public async ValueTask DisposeAsync() => await bus.StopAsync(CancellationToken.None);
}
