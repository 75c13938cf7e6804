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
    /// <param name="bus">Start the message bus: for commands that run workflows (fan-outs dispatch over it).</param>
    public static async Task<int> RunAsync(Func<IServiceProvider, CancellationToken, Task<int>> command, CancellationToken cancellationToken, bool bus = false)
    {
        IHost? host = null;
        try
        {
            host = Build(bus);
            host.Services.GetService<IStartupValidator>()?.Validate(); // before StartAsync, which would log a stack trace
            await host.StartAsync(cancellationToken);
            await host.Services.GetRequiredService<ISagaStore>().EnsureReadyAsync(cancellationToken);
            await host.Services.GetRequiredService<ShippedFlows>().EnsurePublishedAsync(cancellationToken);
            return await command(host.Services, cancellationToken);
        }
        catch (Exception ex) when (Explain(ex, host) is var (code, message))
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

    /// <summary>Configuration: appsettings.json beside the executable, then environment variables (<c>ConnectionStrings__Saga</c>).</summary>
    public static IHost Build(bool bus = false)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddEnvironmentVariables();
        builder.AddSagaLogging();
        builder.Services.AddSagaEngine(builder.Configuration).AddCalicoWorkflows(builder.Configuration);
        if (bus)
            builder.Services.AddSagaMessaging();
        return builder.Build();
    }

    private static (int Code, string Message)? Explain(Exception exception, IHost? host)
    {
        switch (exception)
        {
            case OperationCanceledException:
                return (ExitCodes.Stopped, "interrupted");
            case StoreUnavailableException e:
                return (ExitCodes.Unavailable, e.Message);
            case InstanceLeasedException or LeaseLostException:
                return (ExitCodes.Unavailable, exception.Message);
            case DefinitionValidationException or InstanceStateException or InventoryException:
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
