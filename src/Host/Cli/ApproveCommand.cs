using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;

using Saga.Host.Messaging;

namespace Saga.Host.Cli;

/// <summary><c>saga approve ID [--reject]</c>: answers a waiting Approval and runs on.</summary>
internal static class ApproveCommand
{
    public static Command Create()
    {
        var id = SagaCli.InstanceId("The instance waiting for approval.");
        var reject = new Option<bool>("--reject") { Description = "Reject instead of approve (the flow takes its Rejected branch)." };
        var by = new Option<string?>("--by") { Description = "Who decides, if not the user saga runs as (that user is kept too); kept in the journal." };
        var comment = new Option<string?>("--comment") { Description = "Why; kept in the journal." };
        var command = new Command("approve", "Approves (or rejects) the approval an instance waits on, then runs it on.")
        {
            id, reject, by, comment,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var decision = new Approval.Decision(!parse.GetValue(reject), parse.GetValue(by), parse.GetValue(comment), Actor.OsUser(Environment.UserName));
            var payload = JsonSerializer.SerializeToElement(decision, JsonSerializerOptions.Web);
            var runner = services.GetRequiredService<IWorkflowRunner>();
            var outcome = await ResumeCommand.Waiter(services).DriveAsync(t => runner.TriggerAsync(parse.GetRequiredValue(id), Approval.Bookmark, payload, t), token);
            return await RunReport.WriteAsync(outcome, services.GetRequiredService<IWorkflowInstances>(), Console.Out, token);
        }, ct, bus: BusRole.Runner));
        return command;
    }
}
