using Microsoft.Extensions.Diagnostics.HealthChecks;
using Saga.Engine.Persistence;

namespace Saga.Host.Web.Health;

/// <summary>Ready only when the store answers and has every migration applied.</summary>
internal sealed class StoreHealthCheck(ISagaStore store) : IHealthCheck
{
    public const string Name = "store";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            var pending = await store.PendingMigrationsAsync(cancellationToken);
            return pending.Count == 0
                ? HealthCheckResult.Healthy(store.Location)
                : HealthCheckResult.Unhealthy($"{store.Location} lacks the migrations {string.Join(", ", pending)}; a saga of this version applies them at its start");
        }
        catch (StoreUnavailableException ex)
        {
            return HealthCheckResult.Unhealthy(ex.Message);
        }
    }
}
