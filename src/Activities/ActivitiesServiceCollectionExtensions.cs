using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Saga.Activities.Calico;
using Saga.Activities.Facts;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Nodes.Ssh;
using Saga.Activities.Steps.Cluster;
using Saga.Activities.Steps.Compute;
using Saga.Activities.Steps.Control;
using Saga.Activities.Steps.Restore;
using Saga.Engine.Commands;
using Saga.Engine.Definitions;
using Saga.Engine.Runtime;

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
        services.TryAddSingleton(_ => PrivateKeys.FromEnvironment());
        services.TryAddSingleton<KnownHostsFiles>();
        services.TryAddSingleton<SshConnector>();
        services.TryAddSingleton<SshConnections>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IRunScope, SshConnections>(sp => sp.GetRequiredService<SshConnections>()));
        services.TryAddSingleton<NodeCommandLog>();
        services.TryAddSingleton<INodeShell, SshNodeShell>();
        services.TryAddSingleton<NodeFactsReader>();
        return services;
    }

    /// <summary>The host's rules for inventories from the bus and the web (<c>Saga:Inventories</c>, <c>Saga:Calicoctl</c>).</summary>
    public static IServiceCollection AddInventoryRules(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<InventoriesOptions>().Bind(configuration.GetSection(InventoriesOptions.SectionName));
        services.AddOptions<CalicoctlOptions>().Bind(configuration.GetSection(CalicoctlOptions.SectionName));
        services.TryAddSingleton<InventoryRules>();
        return services;
    }

    /// <summary>Every step of the Calico 3.1 → 2.6 downgrade, for definitions and the designer's palette.</summary>
    public static IServiceCollection AddCalicoActivities(this IServiceCollection services, IConfiguration configuration) =>
        services.Configure<ReservedVariables>(reserved => reserved.Add([.. DowngradeVariables.All, .. RestoreVariables.All])) // what the steps read, set only by saga
            .AddNodeAccess(configuration)
            .AddInventoryRules(configuration)
            .AddActivity<Preflight>()
            .AddActivity<InstallPreviousCalicoctl>()
            .AddActivity<PointPackageRepositoryAt26>()
            .AddActivity<CleanPackageCache>()
            .AddActivity<ResolveVersionSet>()
            .AddActivity<DowngradeControlPackages>()
            .AddActivity<RestartNeutronServer>()
            .AddActivity<VerifyNoSourceOffers31>()
            .AddActivity<DowngradeComputeNodes>()
            .AddActivity<GateComputeNodesVerified>()
            .AddActivity<ResetCalicoReadyFlag>()
            .AddActivity<SetNeutronEtcdPort>()
            .AddActivity<VerifyEveryNodeLive>()
            .AddActivity<CheckEtcdV3Nodes>()
            .AddActivity<DumpEtcdV3Data>()
            .AddActivity<AskApproval>()
            .AddActivity<DeleteMigratedEtcdV3Data>()
            .AddActivity<ProbeComputeNode>()
            .AddActivity<RemoveDatastoreTypeLine>()
            .AddActivity<SetFelixEtcdEndpoints>()
            .AddActivity<DowngradeComputePackages>()
            .AddActivity<RestartFelix>()
            .AddActivity<RestartDhcpAgentAfterDnsmasq>()
            .AddActivity<VerifyFelixVersion>()
            .AddActivity<RestoreEtcdV3Data>()
            .AddActivity<RestoreNodes>()
            .AddActivity<RestoreReadyFlag>()
            .AddActivity<RestorePackageSources>()
            .AddActivity<InstallRecordedVersions>()
            .AddActivity<RestoreNodeFiles>()
            .AddActivity<RestartRestoredServices>()
            .AddActivity<VerifyNodeRestored>();
}
