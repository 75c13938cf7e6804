using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Saga.Workflows;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers the Calico downgrade flows and their activities.</summary>
public static class WorkflowsServiceCollectionExtensions
{
    public static IServiceCollection AddCalicoWorkflows(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCalicoActivities(configuration);
        services.TryAddSingleton<ShippedFlows>();
        services.TryAddSingleton<DowngradePlanner>();
        services.TryAddSingleton<DowngradeLauncher>();
        services.TryAddSingleton<RestoreLauncher>();
        services.TryAddSingleton<NodeFailureRestore>();
        services.TryAddSingleton<Saga.Workflows.Reports.RunReportBuilder>();
        return services;
    }
}
