using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Saga.Host.Messaging;
using Saga.Host.Web.Health;

namespace Saga.Host.Cli;

/// <summary><c>saga worker</c>: runs compute nodes that downgrades on other hosts hand out over RabbitMQ.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var concurrency = new Option<int?>("--concurrency") { Description = "Compute nodes this worker runs at once (default Saga:Bus:NodeConcurrency, 64)." };
        var healthUrls = new Option<string?>("--health-urls")
        {
            Description = "Also answer /health/live and /health/ready here (e.g. http://127.0.0.1:5081; several separated by ';'). Default: no HTTP at all.",
        };
        var command = new Command("worker", """
            Runs compute node work from the bus (RabbitMQ) until Ctrl+C or SIGTERM.

            Several workers share one queue; a node whose worker dies is redelivered to another, which continues it
            from its last checkpoint. Needs Saga:Bus:Transport=RabbitMq and the store the hosts use
            (ConnectionStrings:Saga). With --health-urls it answers the same health endpoints as 'saga serve'.
            """) { concurrency, healthUrls };
        command.SetAction((parse, ct) =>
        {
            if (parse.GetValue(concurrency) is { } limit)
                Environment.SetEnvironmentVariable("Saga__Bus__NodeConcurrency", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (parse.GetValue(healthUrls) is not { Length: > 0 } urls)
                return CliHost.RunAsync(() => CliHost.Build(BusRole.Worker), (_, token) => CliHost.UntilStoppedAsync(token), StoreUse.Awaited, ct);
            return CliHost.RunAsync(() => BuildWithHealth(urls), (services, token) =>
                ServeCommand.PrintAddressesThenWaitAsync(services, address => $"Listening on {address}; health at {address.TrimEnd('/')}/health/ready and /health/live", token), StoreUse.Awaited, ct);
        });
        return command;
    }

    /// <summary>The worker with a minimal web host that answers only the health endpoints.</summary>
    private static WebApplication BuildWithHealth(string urls)
    {
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        CliHost.Compose(builder, BusRole.Worker);
        builder.WebHost.UseKestrelCore().UseUrls(urls);
        builder.Services.AddRouting().AddSagaHealth();
        var app = builder.Build();
        app.UseRouting();
        app.MapSagaHealth();
        return app;
    }
}
