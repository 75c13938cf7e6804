using Saga.Engine.Instances;
using Saga.Host.Runs;
using Saga.Host.Tests.Support;

namespace Saga.Host.Tests.Cli;

/// <summary>saga prune deletes what is old and done, and never the backups a run may still need unless that run is named.</summary>
public sealed class PruneTests
{
    private static readonly DateTime Cutoff = new(2026, 9, 1, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void BackupsToDelete_OnlyDowngradesRestoredAndEndedBeforeTheCutoff_OrNamed()
    {
        var old = Cutoff.AddDays(-10);
        var instances = new[]
        {
            Run("restored-old", InstanceStatus.Finished, finished: old),
            Restore("restore-1", InstanceStatus.Finished, of: "restored-old"),
            Run("finished-old", InstanceStatus.Finished, finished: old),
            Run("restored-new", InstanceStatus.Finished, finished: Cutoff.AddDays(1)),
            Restore("restore-2", InstanceStatus.Finished, of: "restored-new"),
            Run("faulted-old", InstanceStatus.Faulted),
            Run("waiting-old", InstanceStatus.Suspended),
            Run("running-old", InstanceStatus.Running),
            Run("cancelled-old", InstanceStatus.Cancelled),
            Run("node-of-restored-old", InstanceStatus.Finished, finished: old, parent: "restored-old"),
            Run("other-flow", InstanceStatus.Finished, finished: old, definition: "ops-flow"),
            Run("faulted-named", InstanceStatus.Faulted),
        };

        var deleted = Retention.BackupsToDelete(instances, Cutoff, ["faulted-named"]).Select(i => i.Id);

        Assert.Equal(["restored-old", "faulted-named"], deleted);
    }

    [Theory]
    [InlineData(InstanceStatus.Running)]
    [InlineData(InstanceStatus.Suspended)]
    [InlineData(InstanceStatus.Faulted)]
    public void BackupsToDelete_RunWhoseRestoreHasNotEnded_IsKeptEvenWhenNamed(InstanceStatus restore)
    {
        var old = Cutoff.AddDays(-10);
        var instances = new[]
        {
            Run("compensated", InstanceStatus.Cancelled),
            Restore("restore-now", restore, of: "compensated"),
            Run("restored-before", InstanceStatus.Finished, finished: old),
            Restore("restore-earlier", InstanceStatus.Finished, of: "restored-before"),
            Restore("restore-again", restore, of: "restored-before"),
        };

        Assert.Empty(Retention.BackupsToDelete(instances, Cutoff, ["compensated", "restored-before"]));
        Assert.Equal(["compensated", "restored-before"], Retention.Restoring(instances).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("90d", 90 * 24 * 60)]
    [InlineData("12h", 12 * 60)]
    [InlineData("30m", 30)]
    public void ParseAge_DaysHoursMinutes(string text, int minutes) => Assert.Equal(TimeSpan.FromMinutes(minutes), Retention.ParseAge(text));

    [Theory]
    [InlineData("90")]
    [InlineData("d")]
    [InlineData("-1d")]
    [InlineData("3w")]
    public void ParseAge_Other_IsRefusedNamingTheOption(string text) =>
        Assert.Contains("--older-than", Assert.Throws<InvalidDataException>(() => Retention.ParseAge(text)).Message, StringComparison.Ordinal);

    [Fact]
    public async Task Prune_DeletesLogFilesOlderThanTheAge_KeepsNewerOnesAndOtherFiles()
    {
        using var workspace = new Workspace();
        Directory.CreateDirectory(workspace.LogFolder);
        var old = workspace.Write(Path.Combine("state", "saga", "logs", "saga-20260101.log"), "old");
        var recent = workspace.Write(Path.Combine("state", "saga", "logs", "saga-20991231.log"), "recent");
        var foreign = workspace.Write(Path.Combine("state", "saga", "logs", "notes.txt"), "not saga's");
        File.SetLastWriteTimeUtc(old, DateTime.UtcNow.AddDays(-100));
        File.SetLastWriteTimeUtc(foreign, DateTime.UtcNow.AddDays(-100));

        var prune = await workspace.RunAsync("prune", "--older-than", "90d");

        Assert.True(prune.ExitCode == 0, prune.ToString());
        Assert.Contains($"deleted {old}", prune.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(old));
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(foreign));
    }

    [Fact]
    public async Task Prune_NamingARunThatIsNotThere_IsBadInput()
    {
        using var workspace = new Workspace();

        var prune = await workspace.RunAsync("prune", "--older-than", "90d", "--run", "0123456789abcdef0123456789abcdef");

        Assert.Equal(2, prune.ExitCode);
        Assert.Contains("--run 0123456789abcdef0123456789abcdef: there is no such downgrade in the store", prune.Stderr, StringComparison.Ordinal);
    }

    private static InstanceSummary Restore(string id, InstanceStatus status, string of) =>
        new(id, "calico-restore", "calico-restore-1", 1, id, status, null, null, null, null, Cutoff.AddDays(-5), null,
            status == InstanceStatus.Finished ? Cutoff.AddDays(-5) : null, null, null, null, null, of, null);

    private static InstanceSummary Run(string id, InstanceStatus status, DateTime? finished = null, string? parent = null, string definition = "calico-downgrade") =>
        new(id, definition, definition + "-1", 1, id, status, null, null, null, null, Cutoff.AddDays(-20), null, finished, null, null, null, null, null, parent);
}
