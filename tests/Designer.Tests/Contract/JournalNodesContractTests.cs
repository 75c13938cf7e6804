using System.Text.Json;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Host.Web.Elsa;
using Saga.Host.Web.Operations;

namespace Saga.Designer.Tests.Contract;

/// <summary>What a journal entry did on each node, as the studio's instance viewer and the operations API carry it.</summary>
public sealed class JournalNodesContractTests
{
    private static readonly DateTime At = new(2026, 11, 24, 8, 0, 0, DateTimeKind.Utc);

    private static readonly InstanceDetails Details = new(
        new InstanceSummary("0123456789abcdef0123456789abcdef", "calico-downgrade", "v1", 1, "cluster", InstanceStatus.Finished, null, null, null, null,
            At, At, At, null, null, null, null, null, null),
        "{}",
        [
            new JournalEntry(7, "downgrade-packages", "DowngradeControlPackages", "Executed", At, At, "Done", "output", null,
                [NodeResult.Done("ctl-1", "downgraded calico-control"), NodeResult.AlreadyDone("ctl-2", "at 2.6")]),
        ]);

    [Fact]
    public void InstanceViewer_ShowsEachNodesResultInTheEntrysActivityDataAndJournalData()
    {
        var instance = JsonSerializer.SerializeToElement(InstanceMapper.ToElsa(Details, null), ElsaJson.Options);
        var log = JsonSerializer.SerializeToElement(InstanceMapper.ToLog(Details), ElsaJson.Options);

        var expected = """{"ctl-1":"done: downgraded calico-control","ctl-2":"alreadyDone: at 2.6"}""";
        Assert.Equal(expected, instance.GetProperty("activityData").GetProperty("downgrade-packages").GetProperty("Nodes").GetRawText());
        Assert.Equal(expected, log[1].GetProperty("data").GetProperty("Nodes").GetRawText()); // the studio prints an object's JSON
    }

    [Fact]
    public void OperationsApi_GivesEachJournalStepItsNodesAsData()
    {
        var step = JsonSerializer.SerializeToElement(OperatorStep.From(Details.Journal[0]), ElsaJson.Options);

        Assert.Equal(
            """[{"node":"ctl-1","result":"done","reason":"downgraded calico-control"},{"node":"ctl-2","result":"alreadyDone","reason":"at 2.6"}]""",
            step.GetProperty("nodes").GetRawText());
    }
}
