using Saga.Host.Tests.Support;

namespace Saga.Host.Tests.Cli;

public sealed class HelpTests
{
    [Fact]
    public async Task RootHelp_ListsEachCommandOnOneLineAndTheExitCodesOnce()
    {
        using var workspace = new Workspace();

        var help = await workspace.RunAsync("--help");

        Assert.Equal(0, help.ExitCode);
        var lines = help.Stdout.Split('\n');
        foreach (var command in new[] { "plan", "run", "status", "resume", "approve", "cancel", "serve", "worker", "trigger", "health", "inventory" })
            Assert.Single(lines, l => l.StartsWith($"  {command} ", StringComparison.Ordinal));
        var commands = lines.SkipWhile(l => l != "Commands:").Skip(1).TakeWhile(l => l.Length > 0).ToList();
        Assert.All(commands, l => Assert.StartsWith("  ", l, StringComparison.Ordinal)); // nothing wraps onto a second line
        Assert.Equal(1, help.Stdout.Split("5  unavailable").Length - 1);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("resume")]
    [InlineData("run")]
    [InlineData("serve")]
    public async Task CommandHelp_ExplainsTheCommandAndPointsAtTheExitCodesInsteadOfRepeatingThem(string command)
    {
        using var workspace = new Workspace();

        var help = await workspace.RunAsync(command, "--help");

        Assert.Equal(0, help.ExitCode);
        Assert.Contains("Usage:", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("Exit codes: 'saga --help' lists them.", help.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("5  unavailable", help.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownCommand_IsBadInputNamingTheClosestCommand()
    {
        using var workspace = new Workspace();

        var run = await workspace.RunAsync("stauts");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'saga' has no command 'stauts' (did you mean 'status'?)", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("saga --help", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task UnknownSubcommandWithHelp_IsBadInputNotTheRootHelp()
    {
        using var workspace = new Workspace();

        var run = await workspace.RunAsync("definitions", "exprot", "--help");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'saga definitions' has no command 'exprot' (did you mean 'export'?)", run.Stderr, StringComparison.Ordinal);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public async Task UnknownOption_IsBadInputNamingTheClosestOption()
    {
        using var workspace = new Workspace();

        var run = await workspace.RunAsync("run", "-i", "cluster.yaml", "--paralel", "3");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'saga run' has no option '--paralel' (did you mean '--parallel'?)", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownWordFarFromEveryCommand_SuggestsNothing()
    {
        using var workspace = new Workspace();

        var run = await workspace.RunAsync("frobnicate");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("'saga' has no command 'frobnicate'.", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("did you mean", run.Stderr, StringComparison.Ordinal);
    }
}
