using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Saga.Engine.Definitions;
using VersionOption = Saga.Engine.Definitions.VersionOption;

namespace Saga.Host.Cli;

/// <summary><c>saga definitions list|import|export|publish</c>: workflow definitions as Elsa 2 JSON.</summary>
internal static class DefinitionsCommand
{
    public static Command Create() => new("definitions", "Lists, imports, exports and publishes workflow definitions (Elsa 2 JSON).")
    {
        List(), Import(), Export(), Publish(),
    };

    private static Command List()
    {
        var command = new Command("list", "Lists each definition's latest and published versions.");
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var versions = await services.GetRequiredService<IWorkflowDefinitions>().ListAsync(token);
            if (versions.Count == 0)
            {
                Console.WriteLine("No definitions yet. Import one with 'saga definitions import FILE --publish'.");
                return ExitCodes.Done;
            }

            var table = new TextTable("DEFINITION", "VERSION", "STATE", "NAME", "SAVED (UTC)");
            foreach (var v in versions)
                table.Add(v.DefinitionId, "v" + v.Version, State(v), v.DisplayName ?? v.Name, Formats.Time(v.CreatedAt));
            table.WriteTo(Console.Out);
            return ExitCodes.Done;
        }, ct));
        return command;
    }

    private static Command Import()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A definition in Elsa 2's JSON shape." };
        var publish = new Option<bool>("--publish") { Description = "Publish it, so 'saga start' runs it." };
        var command = new Command("import", "Saves a definition file as a new draft (or over the current draft), checking every activity, input and connection.") { file, publish };
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var path = parse.GetRequiredValue(file);
            var definition = DefinitionJson.Parse(await File.ReadAllTextAsync(path.FullName, token), path.Name);
            var saved = await services.GetRequiredService<IWorkflowDefinitions>().SaveAsync(definition, parse.GetValue(publish), token);
            Console.WriteLine($"Saved {saved.DefinitionId} v{saved.Version} ({(saved.IsPublished ? "published" : "draft")}).");
            return ExitCodes.Done;
        }, ct));
        return command;
    }

    private static Command Export()
    {
        var id = new Argument<string>("DEFINITION") { Description = "The definition id." };
        var version = new Option<string>("--version") { Description = "Latest, Published, Draft, or a number.", DefaultValueFactory = _ => "Latest" };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write to this file instead of standard output." };
        var command = new Command("export", "Writes a definition version as Elsa 2 JSON.") { id, version, output };
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            if (!VersionOption.TryParse(parse.GetValue(version), out var option))
                throw new InvalidDataException($"--version '{parse.GetValue(version)}' is not Latest, Published, Draft, LatestOrPublished or a number.");
            var definitionId = parse.GetRequiredValue(id);
            var definition = await services.GetRequiredService<IWorkflowDefinitions>().GetAsync(definitionId, option, token)
                             ?? throw new InvalidDataException($"Definition '{definitionId}' has no {option} version.");
            var json = DefinitionJson.Write(definition);
            if (parse.GetValue(output) is { } file)
                await File.WriteAllTextAsync(file.FullName, json + "\n", token);
            else
                Console.WriteLine(json);
            return ExitCodes.Done;
        }, ct));
        return command;
    }

    private static Command Publish()
    {
        var id = new Argument<string>("DEFINITION") { Description = "The definition id." };
        var command = new Command("publish", "Publishes a definition's current draft.") { id };
        command.SetAction((parse, ct) => CliHost.RunAsync(async (services, token) =>
        {
            var definitionId = parse.GetRequiredValue(id);
            var published = await services.GetRequiredService<IWorkflowDefinitions>().PublishAsync(definitionId, token)
                            ?? throw new InvalidDataException($"Definition '{definitionId}' has no draft to publish.");
            Console.WriteLine($"Published {published.DefinitionId} v{published.Version}.");
            return ExitCodes.Done;
        }, ct));
        return command;
    }

    private static string State(DefinitionVersionInfo v) => (v.IsLatest, v.IsPublished) switch
    {
        (true, true) => "published, latest",
        (false, true) => "published",
        _ => "draft",
    };
}
