using MassTransit;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Saga.Contracts;
using Saga.Engine;
using Saga.Engine.Persistence;
using Saga.Engine.Runtime;
using Saga.Host.Runs;

namespace Saga.Host.Messaging;

/// <summary>What a process does on the bus.</summary>
internal enum BusRole
{
    /// <summary><c>saga run</c>, <c>resume</c>, <c>start</c>, <c>approve</c>: drives its instance, hears nodes finish, runs nodes if allowed.</summary>
    Runner,

    /// <summary><c>saga serve</c>: a runner that also takes commands (start, resume, cancel, approve, restore) from the bus.</summary>
    Server,

    /// <summary><c>saga worker</c>: runs compute nodes, nothing else.</summary>
    Worker,

    /// <summary><c>saga trigger</c>: sends a command to the hosts and consumes nothing.</summary>
    Sender,
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
        if (role == BusRole.Server)
            CheckCommandKeys(options, rabbit);

        services.AddMassTransit(bus =>
        {
            if (role == BusRole.Worker || (role != BusRole.Sender && (options.RunNodesHere || !rabbit)))
            {
                bus.AddConsumer<RunComputeNodeConsumer>(c => c.UseMessageRetry(r =>
                    {
                        // The node's lease is held elsewhere, or the store did not answer: try again once that runner
                        // has had time to finish or die. A node taken over, or gone, is another runner's to report;
                        // one interrupted by this process stopping goes back to the queue unacknowledged.
                        r.Ignore<LeaseLostException>();
                        r.Ignore<InstanceStateException>();
                        r.Ignore<InstanceNotFoundException>();
                        r.Ignore<OperationCanceledException>(); // only this process stopping (NodeRuns): the message goes back to the queue
                        r.Interval(20, engine.LeaseDuration);
                    }))
                    .Endpoint(e =>
                    {
                        e.Name = Queues.NodeWork;
                        e.ConcurrentMessageLimit = options.NodeConcurrency;
                        e.PrefetchCount = options.NodeConcurrency;
                    });
            }

            if (role is BusRole.Runner or BusRole.Server)
            {
                bus.AddConsumer<ComputeNodeFinishedConsumer>(c => c.UseMessageRetry(r =>
                {
                    r.Handle<InstanceLeasedException>();
                    r.Handle<InstanceStateException>();
                    r.Handle<Exception>(StoreUnavailableException.IsTransient); // the store restarting: the parent waits for it
                    r.Exponential(50, TimeSpan.FromMilliseconds(20), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(50));
                })).Endpoint(e => e.Name = Queues.NodeFinished);
            }

            if (role == BusRole.Server)
            {
                bus.AddConsumer<StartDowngradeConsumer>().Endpoint(e => e.Name = Queues.Commands);
                bus.AddConsumer<ResumeDowngradeConsumer>().Endpoint(e => e.Name = Queues.Commands);
                bus.AddConsumer<CancelDowngradeConsumer>().Endpoint(e => e.Name = Queues.Commands);
                bus.AddConsumer<DecideApprovalConsumer>().Endpoint(e => e.Name = Queues.Commands);
                bus.AddConsumer<RestoreNodesConsumer>().Endpoint(e => e.Name = Queues.Commands);
            }

            // Every command is checked (signature, age, nonce) before any consumer sees it.
            bus.AddConfigureEndpointsCallback((context, name, endpoint) =>
            {
                if (name == Queues.Commands)
                    endpoint.UseConsumeFilter(typeof(SignedCommandFilter<>), context);
            });
            if (rabbit)
                bus.UsingRabbitMq((context, transport) => ConfigureRabbitMq(context, transport, context.GetRequiredService<IOptions<BusOptions>>().Value));
            else
                bus.UsingInMemory((context, transport) =>
                {
                    transport.ConcurrentMessageLimit = options.NodeConcurrency;
                    transport.ConfigureEndpoints(context);
                });
        });

        if (role == BusRole.Sender)
            return services;

        services.AddSingleton<CommandVerifier>();
        services.AddScoped(typeof(SignedCommandFilter<>));

        services.AddSingleton<NodeRuns>();
        // Registered after the bus, so they stop before it: queued events still go out.
        services.AddSingleton<BusEvents>();
        services.AddSingleton<IWorkflowObserver>(sp => sp.GetRequiredService<BusEvents>());
        services.AddHostedService(sp => sp.GetRequiredService<BusEvents>());
        if (role == BusRole.Server)
        {
            services.AddSingleton<InstanceDriver>();
            services.AddHostedService(sp => sp.GetRequiredService<InstanceDriver>());
            services.AddSingleton<RestoreRequests>();
            services.AddHostedService<InstanceRecovery>();
        }

        return services;
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
            if (broker.UseTls)
            {
                h.UseSsl(tls =>
                {
                    tls.ServerName = string.IsNullOrWhiteSpace(broker.ServerName) ? broker.Host : broker.ServerName;
                    tls.Protocol = System.Security.Authentication.SslProtocols.Tls12 | System.Security.Authentication.SslProtocols.Tls13;
                    if (BrokerCertificates.Validation(broker.CaCertificateFile) is { } validation)
                        tls.CertificateValidationCallback = validation;
                });
            }
        });
        transport.Durable = true;
        transport.ConfigureEndpoints(context);
    }

    /// <summary>A host that takes commands from a broker others can reach must be able to check them.</summary>
    private static void CheckCommandKeys(BusOptions options, bool rabbit)
    {
        if (rabbit && options.CommandKeys.Count == 0)
        {
            throw new InvalidDataException(
                "saga serve takes commands from RabbitMQ, and anyone who can publish there could start a downgrade: it needs at least one command key " +
                "to check them with. Set Saga:Bus:CommandKeys:NAME (e.g. Saga__Bus__CommandKeys__ops=$(openssl rand -base64 32)), " +
                "and sign with the same key (saga trigger: SAGA_BUS_KEY_ID=NAME SAGA_BUS_KEY=...).");
        }

        foreach (var (name, key) in options.CommandKeys.Where(k => (k.Value?.Length ?? 0) < MinimumCommandKeyLength))
            throw new InvalidDataException($"Saga:Bus:CommandKeys:{name} has {key?.Length ?? 0} characters; a command key needs at least {MinimumCommandKeyLength}.");
    }

    /// <summary>The shortest command key accepted.</summary>
    public const int MinimumCommandKeyLength = 32;
}
