using System.CommandLine;

namespace Saga.Host.Cli;

/// <summary>The <c>saga</c> command line: a table of contents of its commands.</summary>
internal static class SagaCli
{
    public static async Task<int> RunAsync(string[] args)
    {
        PrivateFiles.Apply(); // the store, its WAL, the logs and the key hash are this user's alone
        var root = new RootCommand("""
            saga: puts an OpenStack cluster's Calico back from 3.1 to 2.6 as a persisted, resumable workflow.
            Every step is checkpointed to the store, so an interrupted or failed run continues with 'saga resume ID'.
            """)
        {
            PlanCommand.Create(),
            RunCommand.Create(),
            StatusCommand.Create(),
            StartCommand.Create(),
            ResumeCommand.Create(),
            ApproveCommand.Create(),
            CancelCommand.Create(),
            RestoreCommand.Create(),
            ReportCommand.Create(),
            PruneCommand.Create(),
            DefinitionsCommand.Create(),
            InventoryCommand.Create(),
            ServeCommand.Create(),
            WorkerCommand.Create(),
            TriggerCommand.Create(),
            HealthCommand.Create(),
        };

        var logFormat = new Option<Logging.LogFormat?>("--log-format")
        {
            Description = "Text (default) or json: compact JSON, one event a line, for log shippers (Saga:Logs:Format).",
            Recursive = true,
        };
        root.Add(logFormat);
        CliHelp.Install(root);

        var parsed = root.Parse(args);
        if (CliHelp.Problems(parsed) is { Count: > 0 } problems)
        {
            foreach (var problem in problems)
                await Console.Error.WriteLineAsync($"saga: {problem}");
            await Console.Error.WriteLineAsync("Run 'saga --help' (or 'saga COMMAND --help') for usage.");
            return ExitCodes.BadInput;
        }

        if (parsed.GetValue(logFormat) is { } format)
            Environment.SetEnvironmentVariable("Saga__Logs__Format", format.ToString()); // read with the rest of the configuration

        return await parsed.InvokeAsync();
    }

    /// <summary>The instance id argument that several commands take.</summary>
    public static Argument<string> InstanceId(string description) => new("ID") { Description = description };
}
