using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Saga.Activities.Nodes;
using Saga.Engine.Commands;
using Saga.Engine.Instances;
using Saga.Host.Logging;
using Saga.Host.Runs;

namespace Saga.Host.Cli;

/// <summary><c>saga prune --older-than 90d</c>: old log files here, and the backups of old finished runs on their nodes.</summary>
internal static class PruneCommand
{
    public static Command Create()
    {
        var olderThan = new Option<string>("--older-than") { Description = "Delete what is older than this: 90d, 12h, 30m.", Required = true };
        var runs = new Option<string[]>("--run") { Description = "Also delete this run's backups whatever its state (repeatable): a run saga would keep.", AllowMultipleArgumentsPerToken = false };
        var dryRun = new Option<bool>("--dry-run") { Description = "Say what would be deleted; delete nothing." };
        var command = new Command("prune", """
            Deletes saga's log files older than --older-than on this host, and the backups of downgrades that finished
            before then from their nodes (/var/backups/saga/ID: copies of the files the run changed, the etcdv3 dump).

            The backups are what 'saga restore' puts back, so a run's are deleted only once a restore of it has
            finished and it ended before --older-than, or when the run is named with --run; never while a restore of
            it has not ended (it may be resumed), even when named. The remote commands the store keeps of those runs
            (their text, exit codes and output excerpts, also of their nodes' and restores' instances) are deleted
            with the backups; the runs themselves, with their journals, stay in the store.
            """) { olderThan, runs, dryRun };
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var cutoff = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime - Retention.ParseAge(parse.GetRequiredValue(olderThan));
            var named = parse.GetValue(runs) ?? [];
            var dry = parse.GetValue(dryRun);
            var verb = dry ? "would delete" : "deleted";
            var instances = services.GetRequiredService<IWorkflowInstances>();
            var all = await instances.ListAsync(null, 100_000, token);
            if (named.FirstOrDefault(n => all.All(i => i.Id != n)) is { } unknown)
                throw new InvalidDataException($"--run {unknown}: there is no such downgrade in the store.");

            foreach (var log in Retention.LogsToDelete(services.GetRequiredService<LogFiles>().Directory, cutoff))
            {
                if (!dry)
                    File.Delete(log);
                Console.WriteLine($"{verb} {log}");
            }

            var restoring = Retention.Restoring(all);
            foreach (var kept in named.Where(restoring.Contains))
                Console.Error.WriteLine($"saga: --run {kept}: kept: a restore of it has not ended (resume or cancel it first)");
            var failures = 0;
            foreach (var run in Retention.BackupsToDelete(all, cutoff, named))
            {
                failures += await DeleteBackupsAsync(services.GetRequiredService<INodeShell>(), instances, run, dry, verb, token);
                var commands = dry ? 0 : await services.GetRequiredService<ICommandJournal>().PruneAsync(run.Id, token);
                Console.WriteLine($"{verb} the remote commands the store kept of run {run.Id}{(dry ? "" : $" ({commands})")}");
            }

            return failures == 0 ? ExitCodes.Done : ExitCodes.Failed;
        }, ct));
        return command;
    }

    /// <summary>Deletes the run's folder on each of its nodes; returns how many nodes it could not reach or clean.</summary>
    private static async Task<int> DeleteBackupsAsync(INodeShell shell, IWorkflowInstances instances, InstanceSummary run, bool dry, string verb, CancellationToken token)
    {
        var details = await instances.GetAsync(run.Id, token);
        if (details is null || !SummaryTable.TryInventory(details.VariablesJson, out var inventory))
            return 0;
        var folder = $"/var/backups/saga/{run.Id}";
        var failures = 0;
        foreach (var node in inventory.Nodes)
        {
            try
            {
                if (!dry)
                    (await shell.RunAsync(node, ShellCommand.Sudo("rm", "-rf", "--", folder), token)).EnsureSuccess();
                Console.WriteLine($"{verb} {node.Name}:{folder} ({run.Status} {run.Name})");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Console.Error.WriteLine($"saga: {node.Name}:{folder} not deleted: {ex.Message}");
                failures++;
            }
        }

        return failures;
    }
}
