using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Engine;
using Saga.Engine.Definitions;
using Saga.Engine.Persistence;
using Saga.Engine.Runtime;
using Saga.Host.Logging;
using Saga.Host.Messaging;
using Saga.Host.Telemetry;
using Saga.Workflows;

namespace Saga.Host.Cli;

/// <summary>
/// Composes the services a command needs, opens the store, runs the command, and is the one place that turns
/// failures into a single clear line and an exit code.
/// </summary>
internal static class CliHost
{
    /// <param name="command">The command's work.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    /// <param name="bus">Start the message bus in this role: for commands that run workflows (fan-outs dispatch over it).</param>
    public static Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken cancellationToken, BusRole? bus = null) =>
        RunAsync(() => Build(bus), command, StoreUse.Required, cancellationToken);

    /// <summary>Runs <paramref name="command"/> in a host that <paramref name="build"/> composes (see <see cref="Compose"/>).</summary>
    /// <param name="store">Whether to open (and migrate) the store and publish the shipped flows first, and whether to wait for a store that does not answer.</param>
    public static async Task<int> RunAsync(Func<IHost> build, Func<IServiceProvider, CancellationToken, Task<int>> command, StoreUse store, CancellationToken cancellationToken)
    {
        IHost? host = null;
        try
        {
            host = build();
            host.Services.GetService<IStartupValidator>()?.Validate(); // before StartAsync, which would log a stack trace
            if (store != StoreUse.None)
                await StoreStartup.EnsureReadyAsync(host.Services, store == StoreUse.Awaited, cancellationToken); // before any hosted service (bus consumers, recovery) can use it

            await host.StartAsync(cancellationToken);
            return await command(host.Services, cancellationToken);
        }
        catch (Exception ex) when (Explain(ex, host, cancellationToken) is var (code, message))
        {
            await Console.Error.WriteLineAsync($"saga: {message}");
            return code;
        }
        finally
        {
            if (host is not null)
            {
                await host.StopAsync(CancellationToken.None);
                host.Dispose();
            }
        }
    }

    public static IHost Build(BusRole? bus = null) => CreateBuilder(bus).Build();

    /// <summary>The host builder of a command-line process; <paramref name="overrides"/> is read last (tests).</summary>
    public static HostApplicationBuilder CreateBuilder(BusRole? bus, IConfigurationSource? overrides = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        Compose(builder, bus, overrides: overrides);
        return builder;
    }

    /// <summary>
    /// Every process's services. Configuration: appsettings.json beside the executable, then environment variables
    /// (<c>ConnectionStrings__Saga</c>, <c>Saga__Bus__Transport</c>).
    /// </summary>
    /// <param name="builder">The host being built.</param>
    /// <param name="bus">The process's role on the bus, if it uses one.</param>
    /// <param name="engine">Whether the process runs workflows (everything but a sender does).</param>
    /// <param name="overrides">A configuration source read after all others.</param>
    public static void Compose(IHostApplicationBuilder builder, BusRole? bus, bool engine = true, IConfigurationSource? overrides = null)
    {
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables();
        if (overrides is not null)
            builder.Configuration.Add(overrides);
        DefaultStore.Apply(builder.Configuration);
        builder.AddSagaLogging();
        builder.AddSagaTelemetry(Role(bus));
        if (engine)
            builder.Services.AddSagaEngine(builder.Configuration).AddCalicoWorkflows(builder.Configuration);
        if (bus is { } role)
            builder.Services.AddSagaMessaging(builder.Configuration, role);
        if (bus == BusRole.Runner)
        {
            // The live view hears this process's runs as they checkpoint.
            builder.Services.AddSingleton<Live.ClusterProgress>();
            builder.Services.AddSingleton<IWorkflowObserver>(sp => sp.GetRequiredService<Live.ClusterProgress>());
        }
    }

    /// <summary>The process's role for telemetry: serve, worker, trigger, or the command line.</summary>
    private static string Role(BusRole? bus) => bus switch
    {
        BusRole.Server => "serve",
        BusRole.Worker => "worker",
        BusRole.Sender => "trigger",
        _ => "cli",
    };

    /// <summary>Keeps a long-running process (serve, worker) up until Ctrl+C or SIGTERM; returns <see cref="ExitCodes.Done"/>.</summary>
    public static async Task<int> UntilStoppedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }

        return ExitCodes.Done;
    }

    private static (int Code, string Message)? Explain(Exception exception, IHost? host, CancellationToken cancellationToken)
    {
        switch (exception)
        {
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return (ExitCodes.Stopped, "interrupted");
            case OperationCanceledException:
                // Not Ctrl+C: a timeout or a cancellation from inside, which is a failure, not an interruption.
                return (ExitCodes.Failed, $"failed: {exception.GetType().FullName}: {exception.Message}");
            case StoreUnavailableException e:
                return (ExitCodes.Unavailable, e.Message);
            case InstanceLeasedException or LeaseLostException:
                return (ExitCodes.Unavailable, exception.Message);
            case DefinitionValidationException or DefinitionConflictException or InstanceStateException or InstanceNotFoundException or InventoryException:
                return (ExitCodes.BadInput, exception.Message);
            case NodeException:
                return (ExitCodes.Failed, exception.Message);
            case OptionsValidationException e:
                return (ExitCodes.BadInput, "configuration refused: " + string.Join("; ", e.Failures));
            case InvalidDataException or FileNotFoundException or DirectoryNotFoundException:
                return (ExitCodes.BadInput, exception.Message);
            case InvalidOperationException when exception.Message.StartsWith("Failed to convert configuration value", StringComparison.Ordinal):
                return (ExitCodes.BadInput, "configuration refused: " + exception.Message + (exception.InnerException is { } inner ? " " + inner.Message : ""));
        }

        var location = host?.Services.GetService<ISagaStore>()?.Location ?? "(store)";
        return StoreUnavailableException.From(exception, location) is { } unavailable ? (ExitCodes.Unavailable, unavailable.Message) : null;
    }
}
