using System.Text;
using System.Text.RegularExpressions;

namespace Saga.Activities.Nodes;

/// <summary>
/// A command built from arguments, never from concatenated text: every argument is quoted for a POSIX shell, so a
/// value with spaces, quotes, <c>;</c>, <c>$(...)</c> or newlines arrives as one argument and is never executed.
/// </summary>
public sealed partial record ShellCommand
{
    private ShellCommand(IReadOnlyList<string> arguments, IReadOnlyList<KeyValuePair<string, string>> environment, bool privileged)
    {
        if (arguments.Count == 0)
            throw new ArgumentException("A command needs at least a program.", nameof(arguments));
        Arguments = arguments;
        Environment = environment;
        Privileged = privileged;
    }

    public IReadOnlyList<string> Arguments { get; }

    /// <summary>Variables set for the command; with sudo they go after <c>sudo -n</c>, which keeps them past env_reset.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; }

    /// <summary>Runs through <c>sudo -n</c> when the node's settings ask for sudo.</summary>
    public bool Privileged { get; }

    /// <summary>A privileged command (the usual case: package managers, services, /etc).</summary>
    public static ShellCommand Sudo(params string[] arguments) => new(arguments, [], privileged: true);

    /// <summary>A command that needs no privileges (reading /etc/os-release).</summary>
    public static ShellCommand Plain(params string[] arguments) => new(arguments, [], privileged: false);

    /// <summary>
    /// A fixed shell script run by <c>sh -c</c>, with values passed as positional parameters ($1, $2, ...), so the
    /// script text itself never contains a value.
    /// </summary>
    public static ShellCommand Script(bool privileged, string script, params string[] arguments) =>
        new(["sh", "-c", script, "saga", .. arguments], [], privileged);

    public ShellCommand WithEnvironment(string name, string value)
    {
        if (!VariableName().IsMatch(name))
            throw new ArgumentException($"'{name}' is not a variable name.", nameof(name));
        return new ShellCommand(Arguments, [.. Environment, new(name, value)], Privileged);
    }

    /// <summary>The command line as the remote shell receives it.</summary>
    public string Render(bool sudo)
    {
        var text = new StringBuilder();
        if (sudo && Privileged)
            text.Append("sudo -n ");
        foreach (var (name, value) in Environment)
            text.Append(name).Append('=').Append(Quote(value)).Append(' ');
        text.AppendJoin(' ', Arguments.Select(Quote));
        return text.ToString();
    }

    /// <summary>The command for logs and plans, secrets passed as environment values hidden.</summary>
    public override string ToString() =>
        string.Join(' ', Environment.Select(e => $"{e.Key}=***").Concat(Arguments.Select(Quote)));

    /// <summary>POSIX single-quoting; plain words stay as they are so plans read naturally.</summary>
    public static string Quote(string value)
    {
        if (value.Length > 0 && PlainWord().IsMatch(value))
            return value;
        return "'" + value.Replace("'", "'\"'\"'", StringComparison.Ordinal) + "'";
    }

    [GeneratedRegex("^[A-Za-z0-9_@%+=:,./-]+$")]
    private static partial Regex PlainWord();

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]*$")]
    private static partial Regex VariableName();
}
