using System.Text;
using System.Text.RegularExpressions;

namespace Saga.Activities.Nodes;

/// <summary>
/// A command built from arguments, never from concatenated text: every argument is quoted for a POSIX shell, so a
/// value with spaces, quotes, <c>;</c>, <c>$(...)</c> or newlines arrives as one argument and is never executed.
/// </summary>
public sealed partial record ShellCommand
{
    private ShellCommand(IReadOnlyList<string> arguments, IReadOnlyList<KeyValuePair<string, string>> environment, bool privileged, string? input = null, string? shown = null)
    {
        if (arguments.Count == 0)
            throw new ArgumentException("A command needs at least a program.", nameof(arguments));
        Arguments = arguments;
        Environment = environment;
        Privileged = privileged;
        Input = input;
        Shown = shown;
    }

    public IReadOnlyList<string> Arguments { get; }

    /// <summary>
    /// Variables set for the command; with sudo they go after <c>sudo -n</c>, which keeps them past env_reset. They are
    /// part of the command line (and of /proc/PID/cmdline on the node): never a secret here, see <see cref="Input"/>.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Environment { get; }

    /// <summary>
    /// What the command reads on its standard input, such as a password: sent over the SSH channel, never part of the
    /// command line and never shown. Null: standard input is /dev/null.
    /// </summary>
    public string? Input { get; }

    /// <summary>How logs, journals and plans show the command, when not as its arguments (a wrapper script).</summary>
    public string? Shown { get; }

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
        return new ShellCommand(Arguments, [.. Environment, new(name, value)], Privileged, Input, Shown);
    }

    /// <summary>The command with <paramref name="input"/> on its standard input (see <see cref="Input"/>).</summary>
    public ShellCommand WithInput(string input) => new(Arguments, Environment, Privileged, input, Shown);

    /// <summary>The command shown as <paramref name="text"/> in logs, journals and plans (it must hold no secret).</summary>
    public ShellCommand ShownAs(string text) => new(Arguments, Environment, Privileged, Input, text);

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

    /// <summary>The command for logs, journals and plans: <see cref="Shown"/>, or the arguments with environment values hidden; its <see cref="Input"/> is never shown.</summary>
    public override string ToString() =>
        Shown ?? string.Join(' ', Environment.Select(e => $"{e.Key}=***").Concat(Arguments.Select(Quote)));

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
