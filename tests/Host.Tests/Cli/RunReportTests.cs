using Microsoft.Extensions.Hosting;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Host.Cli;

namespace Saga.Host.Tests.Cli;

/// <summary>What the command line says where a run left an instance, read from typed outcomes, never from message text.</summary>
public sealed class RunReportTests
{
    private const string Id = "0123456789abcdef0123456789abcdef";

    [Fact]
    public void Write_FaultedByAnOperationCanceledExceptionOfTheActivity_SaysFaultedAndExitsFailed()
    {
        using var output = new StringWriter();
        var outcome = new RunOutcome(Id, InstanceStatus.Faulted, "install-calicoctl")
        {
            Fault = new RunFault("The request was canceled due to the configured HttpClient.Timeout of 300 seconds elapsing.", "System.Threading.Tasks.TaskCanceledException"),
        };

        var code = RunReport.Write(outcome, output);

        Assert.Equal(ExitCodes.Failed, code);
        Assert.StartsWith($"Instance {Id} faulted at install-calicoctl: The request was canceled", output.ToString(), StringComparison.Ordinal);
        Assert.Contains("(System.Threading.Tasks.TaskCanceledException)", output.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("interrupted", output.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Approval.Bookmark, "saga approve")]
    [InlineData("compute-nodes", "saga resume")]
    [InlineData("ApprovalOfTheChangeBoard", "saga resume")] // a bookmark that only contains the word is not an approval
    public void Write_Suspended_HintsByTheBookmarkWaitedOn(string bookmark, string hint)
    {
        using var output = new StringWriter();

        var code = RunReport.Write(new RunOutcome(Id, InstanceStatus.Suspended, "gate") { Bookmark = bookmark }, output);

        Assert.Equal(ExitCodes.Waiting, code);
        Assert.Contains($"waiting on '{bookmark}' at gate", output.ToString(), StringComparison.Ordinal);
        Assert.Contains(hint, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CliHost_CommandThrowsOperationCanceledWithoutCtrlC_IsFailedNotInterrupted()
    {
        var code = await CliHost.RunAsync(() => new HostBuilder().Build(), (_, _) => throw new TaskCanceledException("The operation was canceled."), StoreUse.None, CancellationToken.None);

        Assert.Equal(ExitCodes.Failed, code);
    }

    [Fact]
    public async Task CliHost_CtrlC_IsStopped()
    {
        using var ctrlC = new CancellationTokenSource();
        await ctrlC.CancelAsync();

        var code = await CliHost.RunAsync(() => new HostBuilder().Build(), (_, token) => Task.FromCanceled<int>(token), StoreUse.None, ctrlC.Token);

        Assert.Equal(ExitCodes.Stopped, code);
    }
}
