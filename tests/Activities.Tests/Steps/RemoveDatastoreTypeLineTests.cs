using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using Saga.Activities.Calico;
using Saga.Activities.Steps.Compute;
using Saga.Activities.Tests.Support;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Steps;

public sealed class RemoveDatastoreTypeLineTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecuteAsync_LineWithATrailingComment_IsRemovedAndEveryOtherByteKept()
    {
        var before = "# Felix configuration\r\n[global]\r\nEtcdEndpoints = http://10.0.0.5:2379\r\nDatastoreType = etcdv3   # set by the 3.1 upgrade\r\nLogSeverityScreen = Info";
        var shell = new FakeNodeShell().WithFile(FelixConfig.Path, before).On("tr / _", Backup);

        var result = await Run(shell);

        Assert.True(result.Kind == ActivityResultKind.Outcome, (result as FaultResult)?.Message);
        Assert.Equal("# Felix configuration\r\n[global]\r\nEtcdEndpoints = http://10.0.0.5:2379\r\nLogSeverityScreen = Info", Encoding.UTF8.GetString(shell.Files[FelixConfig.Path]));
    }

    [Fact]
    public async Task ExecuteAsync_BeforeWriting_RecordsTheBackupAndItsHashAsTheUndo()
    {
        var shell = new FakeNodeShell().WithFile(FelixConfig.Path, "[global]\nDatastoreType = etcdv3\n").On("tr / _", Backup);

        var result = await Run(shell);

        var undo = Assert.Single(Assert.Single(result.Nodes).Undo!);
        Assert.Equal(new UndoRecord(UndoRecord.File, FelixConfig.Path) { Backup = "/var/backups/saga/r/_etc_calico_felix.cfg.20261124T080000Z", Sha256 = "ab12" }, undo);
        Assert.True(shell.Commands.FindIndex(c => c.Contains("tr / _", StringComparison.Ordinal)) >= 0 && shell.Writes.Count == 1);
    }

    [Fact]
    public async Task ExecuteAsync_NoEtcdv3Line_SaysAlreadyDoneWithoutWriting()
    {
        var shell = new FakeNodeShell().WithFile(FelixConfig.Path, "[global]\n;DatastoreType = etcdv3\nDatastoreType = etcdv2 ; 2.6\n");

        var result = await Run(shell);

        Assert.Contains("already done", result.Output, StringComparison.Ordinal);
        Assert.Empty(shell.Writes);
        Assert.Null(Assert.Single(result.Nodes).Undo);
    }

    [Fact]
    public async Task ExecuteAsync_NoFelixCfg_Faults()
    {
        var result = await Run(new FakeNodeShell());

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("/etc/calico/felix.cfg does not exist", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_Throws()
    {
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await new RemoveDatastoreTypeLine(new FakeNodeShell(), NullLogger<RemoveDatastoreTypeLine>.Instance).ExecuteAsync(Some.ComputeContext("centos 7"), Some.Cancelled));
    }

    private static readonly CommandResultSpec Backup = new(Stdout: "saved\t/etc/calico/felix.cfg\t/var/backups/saga/r/_etc_calico_felix.cfg.20261124T080000Z\tab12\n");

    private static async Task<ActivityResult> Run(FakeNodeShell shell) =>
        await new RemoveDatastoreTypeLine(shell, NullLogger<RemoveDatastoreTypeLine>.Instance).ExecuteAsync(Some.ComputeContext("centos 7"), Ct);
}
