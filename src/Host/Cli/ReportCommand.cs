using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Saga.Host.Runs;
using Saga.Workflows.Reports;

namespace Saga.Host.Cli;

/// <summary><c>saga report ID [--format markdown|html|json] [-o FILE]</c>: what a run did to each node, as one document.</summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var id = SagaCli.InstanceId("The downgrade run to report on ('saga status' lists runs).");
        var format = new Option<ReportFormat>("--format") { Description = "markdown (default), html (one self-contained file that prints well) or json.", DefaultValueFactory = _ => ReportFormat.Markdown };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the report to this file instead of standard output." };
        var command = new Command("report", """
            What a downgrade run did, to hand over: the cluster (status, approvals, version sets, the Ready flag
            before and after, the etcdv3 dump and delete), then each node: role, OS, versions before and after,
            every step with its result, start, duration and an excerpt of its output, the backups kept, the
            restores done and its final state. Reads the store only.
            """) { id, format, output };
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var (document, text) = await RunReports.WriteAsync(services.GetRequiredService<RunReportBuilder>(), parse.GetRequiredValue(id), parse.GetValue(format), token);
            if (parse.GetValue(output) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, text, token);
                Console.WriteLine($"Report of run {document.Id} written to {file.FullName}.");
            }
            else
                Console.Write(text);
            return ExitCodes.Done;
        }, ct));
        return command;
    }
}
