using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Saga.Activities.Facts;
using Saga.Activities.Nodes;
using Saga.Activities.Nodes.Ssh;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers what the downgrade's activities need to reach nodes.</summary>
public static class ActivitiesServiceCollectionExtensions
{
    /// <summary>SSH to the nodes (options from <c>Saga:Ssh</c>) and the node facts reader.</summary>
    public static IServiceCollection AddNodeAccess(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<SshOptions>().Bind(configuration.GetSection(SshOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<INodeShell, SshNodeShell>();
        services.TryAddSingleton<NodeFactsReader>();
        return services;
    }
}
