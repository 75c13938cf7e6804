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
        var shell = new FakeNodeShell().WithFile(FelixConfig.Path, before);

        var result = await Run(shell);

        Assert.True(result.Kind == ActivityResultKind.Outcome, (result as FaultResult)?.Message);
        Assert.Equal("# Felix configuration\r\n[global]\r\nEtcdEndpoints = http://10.0.0.5:2379\r\nLogSeverityScreen = Info", Encoding.UTF8.GetString(shell.Files[FelixConfig.Path]));
    }

    [Fact]
    public async Task ExecuteAsync_NoEtcdv3Line_SaysAlreadyDoneWithoutWriting()
    {
        var shell = new FakeNodeShell().WithFile(FelixConfig.Path, "[global]\n;DatastoreType = etcdv3\nDatastoreType = etcdv2 ; 2.6\n");

        var result = await Run(shell);

        Assert.Contains("already done", result.Output, StringComparison.Ordinal);
        Assert.Empty(shell.Writes);
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

    private static async Task<ActivityResult> Run(FakeNodeShell shell) =>
        await new RemoveDatastoreTypeLine(shell, NullLogger<RemoveDatastoreTypeLine>.Instance).ExecuteAsync(Some.ComputeContext("centos 7"), Ct);
}
