using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Workflows.Reports;

namespace Saga.Workflows.Tests;

public sealed class RunUndoTests
{
    private static readonly DateTime At = new(2026, 11, 24, 8, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void From_KeepsTheFirstRecordOfEachFile_TheStateBeforeTheRun()
    {
        var undo = RunUndo.From([
            Entry(1, "Preflight", Node("c1", File("/etc/calico/felix.cfg", "/b/_etc_calico_felix.cfg.1", "aa"))),
            Entry(2, "RemoveDatastoreTypeLine", Node("c1", File("/etc/calico/felix.cfg", "/b/_etc_calico_felix.cfg.2", "bb"))),
        ]);

        var record = Assert.Single(undo.Nodes["c1"]);
        Assert.Equal("aa", record.Sha256);
        Assert.Contains("c1", undo.Changed);
    }

    [Fact]
    public void From_ANodeOnlyPreflightSaw_IsNotChanged()
    {
        var undo = RunUndo.From([Entry(1, "Preflight", Node("c2", File("/etc/neutron/neutron.conf", "/b/n.1", "cc")))]);

        Assert.Empty(undo.Changed);
        Assert.Single(undo.Nodes["c2"]);
    }

    [Fact]
    public void From_TakesTheReadyFlagAndTheEtcdV3DumpApartFromTheNodes()
    {
        var ready = new UndoRecord(UndoRecord.Key, "/calico/v1/Ready") { Before = "false" };
        var dump = new UndoRecord(UndoRecord.KeyPrefix, "/calico/") { Backup = "/b/etcdv3.json", Sha256 = "dd", Before = "ctl" };

        var undo = RunUndo.From([Entry(1, "ResetCalicoReadyFlag", Node("ctl", ready)), Entry(2, "DeleteMigratedEtcdV3Data", Node("ctl", dump))]);

        Assert.Equal(ready, undo.ReadyFlag);
        Assert.Equal(dump, undo.EtcdV3Data);
        Assert.False(undo.Nodes.ContainsKey("ctl"));
    }

    [Fact]
    public void Excerpt_IsTheNodesPartOfTheStepsOutput()
    {
        var output = "Runbook: x\n== c1: done\n# one\n== c2: failed\n# two\n";

        Assert.Equal("== c2: failed\n# two", RunReportBuilder.Excerpt(output, "c2"));
        Assert.Equal("== c1: done\n# one", RunReportBuilder.Excerpt(output, "c1"));
        Assert.Null(RunReportBuilder.Excerpt(output, "c3"));
    }

    private static UndoRecord File(string path, string backup, string sha) => new(UndoRecord.File, path) { Backup = backup, Sha256 = sha };

    private static NodeResult Node(string node, UndoRecord record) => NodeResult.Done(node, "x") with { Undo = [record] };

    private static JournalEntry Entry(long sequence, string type, NodeResult node) =>
        new(sequence, type.ToLowerInvariant(), type, "Executed", At.AddSeconds(sequence), At.AddSeconds(sequence + 1), "Done", null, null, [node]);
}
