using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using Saga.Activities.Text;

namespace Saga.Host.Cli;

/// <summary>
/// Help that reads at a glance: <c>saga --help</c> lists each command on one line (the first line of its description)
/// and the exit codes once; <c>saga COMMAND --help</c> is System.CommandLine's full help of that command. Parse errors
/// name the closest known command or option.
/// </summary>
internal static class CliHelp
{
    /// <summary>Replaces the root's help action (recursive, so it serves every command) with one that writes the root's own way.</summary>
    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        help.Action = new Action(root, (HelpAction)help.Action!);
    }

    /// <summary>The first line of a command's description: what <c>saga --help</c> shows for it.</summary>
    public static string Summary(Command command) => (command.Description ?? "").Split('\n', 2)[0].Trim();

    public static void WriteRoot(RootCommand root, TextWriter output)
    {
        output.WriteLine(root.Description?.Trim());
        output.WriteLine();
        output.WriteLine("Usage: saga COMMAND [options]        'saga COMMAND --help' describes a command and its options");
        output.WriteLine();
        output.WriteLine("Commands:");
        var width = root.Subcommands.Max(c => c.Name.Length) + 2;
        foreach (var command in root.Subcommands.Where(c => !c.Hidden))
            output.WriteLine($"  {command.Name.PadRight(width)}{Summary(command)}");
        output.WriteLine();
        output.WriteLine("Options:");
        output.WriteLine("  -h, --help    this help, or a command's with 'saga COMMAND --help'");
        output.WriteLine("  --log-format  text (default) or json: compact JSON log events for log shippers, on every command");
        output.WriteLine("  --version     saga's version");
        output.WriteLine();
        output.WriteLine(ExitCodes.Help);
    }

    /// <summary>
    /// What is wrong with the command line, one line each, with the closest known name for a misspelt command or
    /// option; empty when it parsed. Unmatched words are errors even next to <c>--help</c>.
    /// </summary>
    public static IReadOnlyList<string> Problems(ParseResult parsed)
    {
        var command = parsed.CommandResult.Command;
        var problems = new List<string>();
        if (parsed.UnmatchedTokens.Count > 0)
        {
            // The first word not understood; what follows it (its value, say) is usually a consequence.
            problems.Add(Unknown(command, parsed.UnmatchedTokens[0]));
            if (command.Subcommands.Count > 0)
                return problems;
        }

        foreach (var error in parsed.Errors)
        {
            if (parsed.UnmatchedTokens.Any(t => error.Message.Contains($"'{t}'", StringComparison.Ordinal)))
                continue; // said above, with a suggestion
            if (parsed.Action is HelpAction or Action)
                continue; // a missing required option does not stop help
            problems.Add(error.Message);
        }

        return problems;
    }

    private static string Unknown(Command command, string token)
    {
        var names = token.StartsWith('-')
            ? command.Options.Concat(Ancestors(command).SelectMany(c => c.Options.Where(o => o.Recursive))).SelectMany(o => o.Aliases.Append(o.Name))
            : command.Subcommands.SelectMany(c => c.Aliases.Append(c.Name));
        var what = token.StartsWith('-') ? "option" : command.Subcommands.Count > 0 ? "command" : "argument";
        var path = string.Join(' ', Ancestors(command).Reverse().Append(command).Skip(1).Select(c => c.Name).Prepend("saga"));
        return $"'{path}' has no {what} '{token}'{ClosestName.Hint(token, names)}.";
    }

    private static IEnumerable<Command> Ancestors(Command command)
    {
        for (var parent = command.Parents.OfType<Command>().FirstOrDefault(); parent is not null; parent = parent.Parents.OfType<Command>().FirstOrDefault())
            yield return parent;
    }

    private sealed class Action(RootCommand root, HelpAction standard) : SynchronousCommandLineAction
    {
        public override int Invoke(ParseResult parseResult)
        {
            var command = parseResult.CommandResult.Command;
            if (command == root)
            {
                WriteRoot(root, parseResult.InvocationConfiguration.Output);
                return ExitCodes.Done;
            }

            var code = standard.Invoke(parseResult);
            if (command.Subcommands.Count == 0)
                parseResult.InvocationConfiguration.Output.WriteLine("Exit codes: 'saga --help' lists them.");
            return code;
        }
    }
}
