using Saga.Host.Tests.Support;

namespace Saga.Host.Tests.Cli;

public sealed class CliTests
{
    [Fact]
    public async Task Status_StoreIsNotADatabase_ExitsUnavailableWithOneClearLine()
    {
        using var workspace = new Workspace();
        Directory.CreateDirectory(workspace.StateFolder);
        File.WriteAllText(workspace.StorePath, new string('x', 4096));

        var run = await workspace.RunAsync("status");

        Assert.Equal(5, run.ExitCode);
        Assert.Equal($"saga: The store {workspace.StorePath} is not a usable SQLite database (SQLite Error 26: 'file is not a database'). Restore it from a backup, or point ConnectionStrings:Saga elsewhere.", run.Stderr.Trim());
        Assert.Equal(new string('x', 4096), File.ReadAllText(workspace.StorePath));
    }

    [Fact]
    public async Task Status_UnknownInstance_IsBadInput()
    {
        using var workspace = new Workspace();

        var run = await workspace.RunAsync("status", "0123456789abcdef0123456789abcdef");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("There is no instance '0123456789abcdef0123456789abcdef'", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_RefusedDefinition_NamesActivityAndPropertyAndLeavesTheStoreEmpty()
    {
        using var workspace = new Workspace();
        workspace.Write("bad.json", Definitions.DelayChain("bad", "00:00:01", "soon"));

        var run = await workspace.RunAsync("definitions", "import", "bad.json", "--publish");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("activity 'Wait soon' (a2), property 'Duration': 'soon' is not a valid duration", run.Stderr, StringComparison.Ordinal);
        var list = (await workspace.RunAsync("definitions", "list")).Stdout;
        Assert.DoesNotContain("bad", list, StringComparison.Ordinal);
        Assert.Contains("calico-downgrade", list, StringComparison.Ordinal); // the shipped flows are there from the start
    }

    [Fact]
    public async Task ConfigurationOutOfRange_IsBadInputNamingTheSetting()
    {
        using var workspace = new Workspace();
        workspace.Environment["Saga__Engine__LeaseDuration"] = "00:00:00.1";

        var run = await workspace.RunAsync("status");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("LeaseDuration", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartApproveStatus_ApprovalFlow_WaitsThenFinishesAndTheJournalShowsEachStep()
    {
        using var workspace = new Workspace();
        workspace.Write("gate.json", """
            { "definitionId": "gate", "name": "Gate",
              "activities": [
                { "activityId": "ask", "type": "Approval", "properties": [ { "name": "Prompt", "expressions": { "Literal": "Go on?" } } ] },
                { "activityId": "after", "type": "Delay", "properties": [ { "name": "Duration", "expressions": { "Literal": "00:00:00.01" } } ] } ],
              "connections": [ { "sourceActivityId": "ask", "targetActivityId": "after", "outcome": "Approved" } ] }
            """);
        await workspace.RunAsync("definitions", "import", "gate.json", "--publish");

        var start = await workspace.RunAsync("start", "gate");
        Assert.Equal(3, start.ExitCode);
        var id = Workspace.InstanceIdIn(start.Stdout);
        Assert.Contains($"saga approve {id}", start.Stdout, StringComparison.Ordinal);

        var approve = await workspace.RunAsync("approve", id, "--by", "alice", "--comment", "canary fine");
        Assert.Equal(0, approve.ExitCode);

        var status = await workspace.RunAsync("status", id, "--output");
        Assert.Contains("Status     Finished", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("approved by alice: canary fine", status.Stdout, StringComparison.Ordinal);
        Assert.Matches(@"ask\s+Approval\s+Suspended", status.Stdout);
        Assert.Matches(@"after\s+Delay\s+Executed\s+Done", status.Stdout);
    }
}
