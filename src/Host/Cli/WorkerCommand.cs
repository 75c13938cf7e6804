using System.CommandLine;
using Saga.Host.Messaging;

namespace Saga.Host.Cli;

/// <summary><c>saga worker</c>: runs compute nodes that downgrades on other hosts hand out over RabbitMQ.</summary>
internal static class WorkerCommand
{
    public static Command Create()
    {
        var concurrency = new Option<int?>("--concurrency") { Description = "Compute nodes this worker runs at once (default Saga:Bus:NodeConcurrency, 64)." };
        var command = new Command("worker", """
            Runs compute node work from the bus (RabbitMQ) until Ctrl+C or SIGTERM.

            Several workers share one queue; a node
            whose worker dies is redelivered to another, which continues it from its last checkpoint. Needs
            Saga:Bus:Transport=RabbitMq and the store the hosts use (ConnectionStrings:Saga).
            """) { concurrency };
        command.SetAction((parse, ct) =>
        {
            if (parse.GetValue(concurrency) is { } limit)
                Environment.SetEnvironmentVariable("Saga__Bus__NodeConcurrency", limit.ToString(System.Globalization.CultureInfo.InvariantCulture));
            return CliHost.RunAsync((_, token) => CliHost.UntilStoppedAsync(token), ct, BusRole.Worker);
        });
        return command;
    }
}
