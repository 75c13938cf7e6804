using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Saga.Engine.Runtime;

namespace Saga.Host.Messaging;

/// <summary>The bus: MassTransit's in-memory transport, with the fan-out's consumers.</summary>
internal static class MessagingExtensions
{
    /// <summary>Nodes a process runs at once at most; the fan-out's fanOut.parallel is the real limit.</summary>
    public const int NodeConcurrency = 64;

    public static IServiceCollection AddSagaMessaging(this IServiceCollection services) =>
        services.AddMassTransit(bus =>
        {
            bus.AddConsumer<RunComputeNodeConsumer>().Endpoint(e => e.ConcurrentMessageLimit = NodeConcurrency);
            bus.AddConsumer<ComputeNodeFinishedConsumer>(c => c.UseMessageRetry(r =>
            {
                r.Handle<InstanceLeasedException>();
                r.Handle<InstanceStateException>();
                r.Exponential(50, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50));
            }));
            bus.UsingInMemory((context, transport) =>
            {
                transport.ConcurrentMessageLimit = NodeConcurrency;
                transport.ConfigureEndpoints(context);
            });
        });
}
