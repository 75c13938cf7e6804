using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Saga.Engine.Definitions;
using Saga.Engine.Runtime;

using Saga.Host.Messaging;

namespace Saga.Host.Cli;

/// <summary><c>saga start DEFINITION</c>: runs the published version of any definition in the store.</summary>
internal static class StartCommand
{
    public static Command Create()
    {
        var definition = new Argument<string>("DEFINITION") { Description = "The definition id ('saga definitions list')." };
        var variables = new Option<string[]>("--var")
        {
            Description = "Sets a workflow variable: NAME=VALUE (VALUE as JSON if it parses, else as text). Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var name = new Option<string?>("--name") { Description = "A name for the instance, shown by 'saga status'." };
        var command = new Command("start", "Starts an instance of a published definition and runs it to the end, a fault, or an approval.")
        {
            definition, variables, name,
        };
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var runner = services.GetRequiredService<IWorkflowRunner>();
            var values = ParseVariables(parse.GetValue(variables) ?? []);
            if (services.GetRequiredService<IOptions<ReservedVariables>>().Value.Among(values.Keys) is [var reserved, ..])
                throw new InvalidDataException($"--var {reserved}: " + ReservedVariables.Refusal(reserved, "a start request") + ". A downgrade starts with 'saga run -i INVENTORY'.");
            var id = (await runner.CreateAsync(parse.GetRequiredValue(definition), values, new CreateInstanceOptions(parse.GetValue(name)), token)).InstanceId;
            Console.WriteLine($"Started instance {id}.");
            return RunReport.Write(await ResumeCommand.Waiter(services).DriveAsync(t => runner.RunAsync(id, t), token), Console.Out);
        }, ct, bus: BusRole.Runner));
        return command;
    }

    private static Dictionary<string, JsonElement> ParseVariables(string[] pairs)
    {
        var values = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        foreach (var pair in pairs)
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
                throw new InvalidDataException($"--var '{pair}' is not NAME=VALUE.");
            var text = pair[(at + 1)..];
            JsonElement value;
            try
            {
                value = JsonDocument.Parse(text).RootElement.Clone();
            }
            catch (JsonException)
            {
                value = JsonSerializer.SerializeToElement(text);
            }

            values[pair[..at]] = value;
        }

        return values;
    }
}
