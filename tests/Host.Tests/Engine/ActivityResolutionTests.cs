using Microsoft.Extensions.Configuration.Memory;
using Microsoft.Extensions.DependencyInjection;
using Saga.Activities.Steps.Cluster;
using Saga.Engine.Activities;
using Saga.Engine.Descriptors;
using Saga.Host.Cli;
using Saga.Host.Messaging;

namespace Saga.Host.Tests.Engine;

/// <summary>
/// Every activity the shipped compositions register resolves from a scope of its own, as the runner resolves it for
/// each execution; the provider validates scopes, so a scoped dependency (the bus's publish endpoint) taken from the
/// root would fail here.
/// </summary>
public sealed class ActivityResolutionTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "saga-host-tests", Guid.NewGuid().ToString("N"));

    [Theory]
    [InlineData(nameof(BusRole.Runner))]
    [InlineData(nameof(BusRole.Server))]
    [InlineData(nameof(BusRole.Worker))]
    public async Task EveryRegisteredActivity_ResolvesFromAScopeOfItsOwn(string roleName)
    {
        var role = Enum.Parse<BusRole>(roleName);
        var overrides = new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?>
            {
                ["ConnectionStrings:Saga"] = $"Data Source={Path.Combine(folder, "saga.db")}",
                ["Saga:Logs:Directory"] = Path.Combine(folder, "logs"),
            },
        };
        var services = role == BusRole.Server ? ServeCommand.CreateBuilder(null, overrides).Services : CliHost.CreateBuilder(role, overrides).Services;
        var activities = services.Select(d => d.ServiceType).Where(t => typeof(IActivity).IsAssignableFrom(t)).Distinct().ToList();
        await using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

        Assert.Contains(typeof(DowngradeComputeNodes), activities); // it publishes on the bus
        Assert.Equal(provider.GetRequiredService<IActivityRegistry>().Descriptors.Count, activities.Count);
        foreach (var type in activities)
        {
            await using var scope = provider.CreateAsyncScope();
            Assert.IsType(type, scope.ServiceProvider.GetRequiredService(type));
        }
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
