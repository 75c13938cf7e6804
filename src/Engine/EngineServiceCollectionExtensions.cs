using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Saga.Engine;
using Saga.Engine.Activities;
using Saga.Engine.Commands;
using Saga.Engine.Definitions;
using Saga.Engine.Descriptors;
using Saga.Engine.Instances;
using Saga.Engine.Persistence;
using Saga.Engine.Runtime;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the workflow engine.</summary>
public static class EngineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the engine: the store from <c>ConnectionStrings:Saga</c> on the provider <c>Saga:Store:Provider</c> names
    /// (<c>Sqlite</c>, the default, with <c>saga.db</c> when no connection string is given; or <c>PostgreSql</c>),
    /// runner options from <c>Saga:Engine</c>, and the built-in activities (Approval, Delay, Set variable).
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The provider or connection string cannot work; the message names the key.</exception>
    public static IServiceCollection AddSagaEngine(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<EngineOptions>().Bind(configuration.GetSection(EngineOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<ReservedVariables>() // activity packs add their names
            .Configure(reserved => reserved.Add([Approval.DecisionsVariable, Actor.StartedByVariable]));

        var connection = StoreConnection.From(configuration);
        services.TryAddSingleton(connection);
        services.AddDbContextFactory<SagaDbContext>(connection.Configure);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<RunnerIdentity>();
        services.TryAddSingleton<ActivityRegistry>();
        services.TryAddSingleton<IActivityRegistry>(sp => sp.GetRequiredService<ActivityRegistry>());
        services.TryAddSingleton<DefinitionValidator>();
        services.TryAddSingleton<ISagaStore, SagaStore>();
        services.TryAddSingleton<IWorkflowDefinitions, WorkflowDefinitions>();
        services.TryAddSingleton<IWorkflowInstances, WorkflowInstances>();
        services.TryAddSingleton<ICommandJournal, CommandJournal>();
        services.TryAddSingleton<NodeCommandLog>();
        services.TryAddSingleton<StoreOutage>();
        services.TryAddSingleton<RunNotifier>();
        services.TryAddSingleton<ActivityExecutor>();
        services.TryAddSingleton<InstanceCommands>();
        services.TryAddSingleton<InstanceCancellation>();
        services.TryAddSingleton<InstanceClaims>();
        services.TryAddSingleton<RunLoop>();
        services.TryAddSingleton<IWorkflowRunner, WorkflowRunner>();
        return services.AddActivity<Approval>().AddActivity<Delay>().AddActivity<SetVariable>();
    }

    /// <summary>
    /// Makes an activity class available to definitions and the designer's palette. It is resolved from a scope of its
    /// own for each execution, so it may depend on scoped services.
    /// </summary>
    public static IServiceCollection AddActivity<TActivity>(this IServiceCollection services)
        where TActivity : class, IActivity
    {
        services.AddSingleton(new ActivityRegistration(typeof(TActivity)));
        services.TryAddTransient<TActivity>();
        return services;
    }
}
