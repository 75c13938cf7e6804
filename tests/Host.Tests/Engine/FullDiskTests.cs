using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Saga.Engine.Instances;
using Saga.Host.Tests.Support;

namespace Saga.Host.Tests.Engine;

/// <summary>The SQLite store's disk fills up mid-run: a clear line and exit 5, and a store (WAL included) that is whole and resumes.</summary>
public sealed class FullDiskTests : IDisposable
{
    private readonly Workspace workspace = new();
    private readonly string disk;

    public FullDiskTests()
    {
        disk = Path.Combine(workspace.Folder, "disk");
        Directory.CreateDirectory(disk);
        Run("mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", disk); // room for the store, not for the run
    }

    [Fact]
    public async Task Run_StoreDiskFills_ExitsUnavailableWithOneClearLineAndTheStoreResumesOnceThereIsRoom()
    {
        var store = Path.Combine(disk, "saga.db");
        workspace.Environment["ConnectionStrings__Saga"] = $"Data Source={store}";
        workspace.Write("fill.json", Definitions.GrowingVariables("fill", 60, 50_000));
        Assert.Equal(0, (await workspace.RunAsync("definitions", "import", "fill.json", "--publish")).ExitCode);

        var run = await workspace.RunAsync("start", "fill");

        Assert.Equal(5, run.ExitCode);
        Assert.Equal($"saga: The disk holding the store {store} is full; what was written before is kept. Free some space, then try again ('saga resume ID' continues a run).",
            run.Stderr.Trim());
        var id = Workspace.InstanceIdIn(run.Stdout);
        var copy = CopyOf(store);
        using (var connection = new SqliteConnection($"Data Source={copy};Pooling=False"))
        {
            await connection.OpenAsync(TestContext.Current.CancellationToken);
            using var check = connection.CreateCommand();
            check.CommandText = "PRAGMA integrity_check";
            Assert.Equal("ok", await check.ExecuteScalarAsync(TestContext.Current.CancellationToken));
        }

        var stopped = await workspace.InstanceAsync(id);
        Assert.Equal(InstanceStatus.Running, stopped.Summary.Status);
        Assert.NotEmpty(stopped.Journal);
        Assert.Equal($"a{stopped.Journal.Count + 1}", stopped.Summary.CurrentActivityId); // the last checkpoint, whole

        Run("mount", "-o", "remount,size=64m", disk);
        var resumed = await workspace.RunAsync("resume", id);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        var finished = await workspace.InstanceAsync(id);
        Assert.Equal(Enumerable.Range(1, 60).Select(i => $"a{i}"), finished.Journal.Select(j => j.ActivityId)); // each step once
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Run("umount", "-l", disk);
        workspace.Dispose();
    }

    /// <summary>The store's files (database, WAL, shared memory) copied elsewhere, as a backup of the stopped store would be.</summary>
    private string CopyOf(string store)
    {
        var folder = Directory.CreateDirectory(Path.Combine(workspace.Folder, "copy")).FullName;
        foreach (var file in Directory.GetFiles(disk))
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)));
        return Path.Combine(folder, Path.GetFileName(store));
    }

    private static void Run(string command, params string[] arguments)
    {
        var info = new ProcessStartInfo(command) { RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
            info.ArgumentList.Add(argument);
        using var process = Process.Start(info)!;
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} failed: {error}");
    }
}
