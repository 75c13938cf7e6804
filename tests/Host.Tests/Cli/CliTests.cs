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
    public async Task Run_ShippedFlowEditedInTheDesigner_SaysSoAndNamesTheVersionItRuns()
    {
        using var workspace = new Workspace();
        workspace.Environment["Saga__Ssh__ConnectAttempts"] = "1";
        var export = await workspace.RunAsync("definitions", "export", "calico-downgrade", "--version", "Published", "-o", Path.Combine(workspace.Folder, "flow.json"));
        Assert.True(export.ExitCode == 0, export.ToString());
        var flow = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(Path.Combine(workspace.Folder, "flow.json")))!;
        flow["activities"]![0]!["displayName"] = "Preflight, as someone changed it";
        workspace.Write("flow.json", flow.ToJsonString());
        var import = await workspace.RunAsync("definitions", "import", "flow.json", "--publish");
        Assert.True(import.ExitCode == 0, import.ToString());
        workspace.Write("id_ed25519", "not a key");
        workspace.Write("known_hosts", "");
        workspace.Write("cluster.yaml", """
            ssh: { privateKeyFile: id_ed25519, knownHostsFile: known_hosts }
            skip: [calicoctl, readyFlag, etcdCleanup]
            nodes:
              - { name: ctl, host: 127.0.0.1, port: 1, role: control }
            """);

        var run = await workspace.RunAsync("run", "-i", "cluster.yaml");

        Assert.Contains("saga: warning: calico-downgrade version 2 was edited in the designer (or imported), not the flow this saga ships; this run follows version 2", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("calico-downgrade-compute-node version", run.Stderr, StringComparison.Ordinal); // the one not edited is not named
    }

    [Fact]
    public async Task Start_ReservedVariable_IsRefusedPointingAtSagaRun()
    {
        using var workspace = new Workspace();

        var start = await workspace.RunAsync("start", "calico-downgrade", "--var", """inventory={"nodes":[{"name":"x","host":"10.6.6.6","role":"control"}]}""");

        Assert.Equal(2, start.ExitCode);
        Assert.Contains("--var inventory: 'inventory' is reserved", start.Stderr, StringComparison.Ordinal);
        Assert.Contains("saga run -i INVENTORY", start.Stderr, StringComparison.Ordinal);
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
        Assert.Contains($"approved by OS user {Environment.UserName}, as 'alice': canary fine", status.Stdout, StringComparison.Ordinal); // who saga knows, and the name given
        Assert.Matches(@"ask\s+Approval\s+Suspended", status.Stdout);
        Assert.Matches(@"after\s+Delay\s+Executed\s+Done", status.Stdout);
    }
}
