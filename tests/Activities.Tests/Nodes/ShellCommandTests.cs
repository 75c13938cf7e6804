using System.Diagnostics;
using Saga.Activities.Nodes;

namespace Saga.Activities.Tests.Nodes;

public sealed class ShellCommandTests
{
    public static TheoryData<string> Hostile => new()
    {
        "two words",
        "it's \"quoted\"",
        "a; touch /tmp/saga-pwned-semicolon",
        "$(touch /tmp/saga-pwned-subst)",
        "`touch /tmp/saga-pwned-backtick`",
        "line one\nline two\n",
        "*",
        "",
        "-n",
        "$HOME ${PATH} \\ | & > <",
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public async Task Render_HostileValue_ReachesTheProgramAsOneArgumentAndIsNeverExecuted(string value)
    {
        var command = ShellCommand.Plain("printf", "%s\\0", value);

        var received = await RunInBashAsync(command.Render(sudo: false));

        Assert.Equal([value], received.Split('\0')[..^1]);
        Assert.False(File.Exists("/tmp/saga-pwned-semicolon") || File.Exists("/tmp/saga-pwned-subst") || File.Exists("/tmp/saga-pwned-backtick"));
    }

    [Fact]
    public void Render_Privileged_PrefixesSudoNonInteractiveAndKeepsEnvironmentAfterIt()
    {
        var command = ShellCommand.Sudo("apt-get", "install", "-y", "calico-felix=2.6.5~trusty").WithEnvironment("DEBIAN_FRONTEND", "noninteractive");

        Assert.Equal("sudo -n DEBIAN_FRONTEND=noninteractive apt-get install -y 'calico-felix=2.6.5~trusty'", command.Render(sudo: true));
        Assert.Equal("DEBIAN_FRONTEND=noninteractive apt-get install -y 'calico-felix=2.6.5~trusty'", command.Render(sudo: false));
    }

    [Fact]
    public void Render_Plain_NeverUsesSudo()
    {
        Assert.Equal("cat /etc/os-release", ShellCommand.Plain("cat", "/etc/os-release").Render(sudo: true));
    }

    [Fact]
    public async Task Script_ValuesArePositionalParametersNotScriptText()
    {
        var command = ShellCommand.Script(false, "printf '%s|%s' \"$1\" \"$2\"", "a b", "$(id)");

        Assert.Equal("a b|$(id)", await RunInBashAsync(command.Render(sudo: false)));
    }

    [Fact]
    public void ToString_HidesEnvironmentValues()
    {
        var command = ShellCommand.Plain("etcdctl", "get", "/calico/v1/Ready").WithEnvironment("ETCDCTL_PASSWORD", "s3cret");

        Assert.DoesNotContain("s3cret", command.ToString(), StringComparison.Ordinal);
        Assert.Contains("ETCDCTL_PASSWORD=***", command.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void WithInput_IsNeitherPartOfTheCommandLineNorShown()
    {
        var command = ShellCommand.Script(true, "IFS= read -r p; echo ok", "x").WithInput("s3cret\n").ShownAs("read a password");

        Assert.Equal("s3cret\n", command.Input);
        Assert.DoesNotContain("s3cret", command.Render(sudo: true), StringComparison.Ordinal);
        Assert.Equal("read a password", command.ToString());
    }

    [Fact]
    public void WithEnvironment_NameThatIsNotAVariable_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => ShellCommand.Plain("true").WithEnvironment("X; rm -rf /", "1"));
    }

    private static async Task<string> RunInBashAsync(string commandLine)
    {
        var info = new ProcessStartInfo("bash", ["-c", commandLine]) { RedirectStandardOutput = true, UseShellExecute = false };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return output;
    }
}
