using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Saga.Engine;
using Saga.Engine.Runtime;

namespace Saga.Host.Messaging;

/// <summary>What a process does on the bus.</summary>
internal enum BusRole
{
    /// <summary><c>saga run</c>, <c>resume</c>, <c>start</c>, <c>approve</c>: drives its instance, hears nodes finish, runs nodes if allowed.</summary>
    Runner,

    /// <summary><c>saga serve</c>: a runner that also takes commands (start, resume, cancel, approve) from the bus.</summary>
    Server,

    /// <summary><c>saga worker</c>: runs compute nodes, nothing else.</summary>
    Worker,
}

/// <summary>The bus: MassTransit over the in-memory transport (default) or RabbitMQ, with the consumers of the process's role.</summary>
internal static class MessagingExtensions
{
    public static IServiceCollection AddSagaMessaging(this IServiceCollection services, IConfiguration configuration, BusRole role)
    {
        services.AddOptions<BusOptions>().Bind(configuration.GetSection(BusOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        var options = configuration.GetSection(BusOptions.Section).Get<BusOptions>() ?? new BusOptions();
        var rabbit = options.Transport == BusTransport.RabbitMq;
        var engine = configuration.GetSection(EngineOptions.SectionName).Get<EngineOptions>() ?? new EngineOptions();

        return services.AddMassTransit(bus =>
        {
            bus.SetKebabCaseEndpointNameFormatter();
            if (role == BusRole.Worker || options.RunNodesHere || !rabbit)
            {
                bus.AddConsumer<RunComputeNodeConsumer>(c => c.UseMessageRetry(r =>
                    {
                        // The node's lease is held elsewhere: try again once that runner has had time to finish or die.
                        r.Handle<InstanceLeasedException>();
                        r.Interval(20, engine.LeaseDuration);
                    }))
                    .Endpoint(e =>
                    {
                        e.ConcurrentMessageLimit = options.NodeConcurrency;
                        e.PrefetchCount = options.NodeConcurrency;
                    });
            }

            if (role != BusRole.Worker)
            {
                bus.AddConsumer<ComputeNodeFinishedConsumer>(c => c.UseMessageRetry(r =>
                {
                    r.Handle<InstanceLeasedException>();
                    r.Handle<InstanceStateException>();
                    r.Exponential(50, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50));
                }));
            }

            if (rabbit)
                bus.UsingRabbitMq((context, transport) => ConfigureRabbitMq(context, transport, context.GetRequiredService<IOptions<BusOptions>>().Value));
            else
                bus.UsingInMemory((context, transport) =>
                {
                    transport.ConcurrentMessageLimit = options.NodeConcurrency;
                    transport.ConfigureEndpoints(context);
                });
        });
    }

    private static void ConfigureRabbitMq(IBusRegistrationContext context, IRabbitMqBusFactoryConfigurator transport, BusOptions options)
    {
        var broker = options.RabbitMq;
        transport.Host(broker.Host, (ushort)broker.Port, broker.VirtualHost, $"saga-{Environment.MachineName}-{Environment.ProcessId}", h =>
        {
            h.Username(broker.Username);
            h.Password(broker.Password);
            h.PublisherConfirmation = true; // a publish returns once the broker has the message
            h.RequestedConnectionTimeout(broker.Timeout);
        });
        transport.Durable = true;
        transport.ConfigureEndpoints(context);
    }
}
