using Microsoft.Extensions.DependencyInjection;
using Saga.Engine.Persistence;
using Saga.Workflows;

namespace Saga.Host.Cli;

/// <summary>Opens (and migrates) the store and publishes the shipped flows, before a command or service uses either.</summary>
internal static class StoreStartup
{
    private static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan LongestDelay = TimeSpan.FromSeconds(10);

    /// <param name="services">The command's services.</param>
    /// <param name="wait">
    /// Wait, with backoff, while the store fails in a way that may go away by itself (<see cref="StoreUnavailableException.IsTransient"/>),
    /// saying so once on stderr and once more when it answers; otherwise the first failure is thrown.
    /// </param>
    /// <param name="cancellationToken">Ends the wait (Ctrl+C, SIGTERM).</param>
    public static async Task EnsureReadyAsync(IServiceProvider services, bool wait, CancellationToken cancellationToken)
    {
        var store = services.GetRequiredService<ISagaStore>();
        var flows = services.GetRequiredService<ShippedFlows>();
        var delay = FirstDelay;
        for (var waiting = false; ; delay = Min(delay * 2, LongestDelay))
        {
            try
            {
                await store.EnsureReadyAsync(cancellationToken);
                await flows.EnsurePublishedAsync(cancellationToken);
                if (waiting)
                    await Console.Error.WriteLineAsync($"saga: the store {store.Location} answers again; starting.");
                return;
            }
            catch (Exception ex) when (wait && StoreUnavailableException.IsTransient(ex))
            {
                if (!waiting)
                {
                    var reason = StoreUnavailableException.From(ex, store.Location)?.Message ?? ex.Message;
                    await Console.Error.WriteLineAsync($"saga: {reason} Waiting for it to answer (Ctrl+C to stop).");
                    waiting = true;
                }
            }

            await Task.Delay(delay, cancellationToken);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
