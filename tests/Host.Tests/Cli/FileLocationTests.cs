using System.Text.Json;
using Saga.Host.Tests.Support;

namespace Saga.Host.Tests.Cli;

/// <summary>Where saga writes when not told: the XDG state directory, never the directory it was started in.</summary>
public sealed class FileLocationTests
{
    [Fact]
    public async Task StoreAndLogs_ByDefault_AreInTheStateDirectoryNotTheCurrentOne()
    {
        using var workspace = new Workspace();

        await StartAFlowAsync(workspace);

        Assert.True(File.Exists(workspace.StorePath), workspace.StorePath);
        Assert.Contains("Created instance", workspace.Log(), StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(workspace.LogFolder, "saga-*.log"));
        Assert.False(File.Exists(Path.Combine(workspace.Folder, "saga.db")));
        Assert.False(Directory.Exists(Path.Combine(workspace.Folder, "logs")));
    }

    [Fact]
    public async Task LogsDirectorySetting_IsWhereTheLogsGo()
    {
        using var workspace = new Workspace();
        var logs = Path.Combine(workspace.Folder, "elsewhere");
        workspace.Environment["Saga__Logs__Directory"] = logs;

        await StartAFlowAsync(workspace);

        Assert.Contains("Created instance", File.ReadAllText(Assert.Single(Directory.GetFiles(logs, "saga-*.log"))), StringComparison.Ordinal);
        Assert.False(Directory.Exists(workspace.LogFolder));
    }

    [Fact]
    public async Task LogFormatJson_WritesOneCompactJsonEventPerLine()
    {
        using var workspace = new Workspace();

        await StartAFlowAsync(workspace, "--log-format", "json");

        var file = Assert.Single(Directory.GetFiles(workspace.LogFolder, "saga-*.json"));
        var events = File.ReadAllLines(file).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        var created = Assert.Single(events, e => e.GetProperty("@mt").GetString() == "Created instance {InstanceId} of {DefinitionId} version {Version}");
        Assert.Equal("gate", created.GetProperty("DefinitionId").GetString());
        Assert.True(created.TryGetProperty("@t", out _));
    }

    [Fact]
    public async Task OldStoreInTheCurrentDirectory_IsPointedOutWithTheWayToKeepUsingIt()
    {
        using var workspace = new Workspace();
        workspace.Write("saga.db", "");

        var status = await workspace.RunAsync("status");

        Assert.Equal(0, status.ExitCode);
        Assert.Contains($"./saga.db here is not used; the store is {workspace.StorePath}", status.Stderr, StringComparison.Ordinal);
        Assert.Contains($"ConnectionStrings__Saga='Data Source={Path.Combine(workspace.Folder, "saga.db")}'", status.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfiguredStore_IsUsedWithoutANote()
    {
        using var workspace = new Workspace();
        workspace.Write("saga.db", "");
        workspace.Environment["ConnectionStrings__Saga"] = $"Data Source={Path.Combine(workspace.Folder, "mine.db")}";

        var status = await workspace.RunAsync("status");

        Assert.Equal(0, status.ExitCode);
        Assert.Empty(status.Stderr);
        Assert.True(File.Exists(Path.Combine(workspace.Folder, "mine.db")));
        Assert.False(File.Exists(workspace.StorePath));
    }

    private static async Task StartAFlowAsync(Workspace workspace, params string[] extra)
    {
        workspace.Write("gate.json", Definitions.DelayChain("gate", "00:00:00.01"));
        Assert.Equal(0, (await workspace.RunAsync("definitions", "import", "gate.json", "--publish")).ExitCode);
        var start = await workspace.RunAsync(["start", "gate", .. extra]);
        Assert.True(start.ExitCode == 0, start.ToString());
    }
}
