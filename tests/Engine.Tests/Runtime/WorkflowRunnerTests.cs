using System.Text.Json;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Engine.Tests.Support;

namespace Saga.Engine.Tests.Runtime;

public sealed class WorkflowRunnerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_Chain_RunsEachActivityOnceInOrderAndFinishes()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("chain").Then("a1", "Record").Then("a2", "Record").Then("a3", "Record").Build());

        var outcome = await engine.Runner.RunAsync(id, Ct);

        Assert.Equal(InstanceStatus.Finished, outcome.Status);
        Assert.Equal(["a1", "a2", "a3"], engine.Calls.Order);
        var details = await engine.GetAsync(id);
        Assert.Equal(["a1", "a2", "a3"], details.Journal.Select(j => j.ActivityId));
        Assert.All(details.Journal, j => Assert.Equal(("Executed", "Done"), (j.EventName, j.Outcome)));
        Assert.Null(details.Summary.LeaseOwner);
    }

    [Fact]
    public async Task RunAsync_Outcome_FollowsTheConnectionLabelledWithIt()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Named("branch").Add("choose", "Choose", ("Outcome", "Right"))
            .Add("left", "Record").Add("right", "Record")
            .Connect("choose", "Left", "left").Connect("choose", "Right", "right");
        var id = await engine.CreateAsync(flow.Build());

        await engine.Runner.RunAsync(id, Ct);

        Assert.Equal(["right"], engine.Calls.Order);
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task RunAsync_AfterEveryActivity_CheckpointsJournalPositionAndVariables(string provider)
    {
        await using var engine = await TestEngine.OnStoreAsync(provider);
        var id = await engine.CreateAsync(Flow.Named("cp").Then("a1", "Record").Then("a2", "Block").Then("a3", "Record").Build());

        var run = engine.Runner.RunAsync(id, Ct);
        await engine.Gate.Entered.Task.WaitAsync(Ct);

        // a2 is in flight: a1 is journalled, the position is a2, and a1's variable is saved.
        var during = await engine.GetAsync(id);
        Assert.Equal(["a1"], during.Journal.Select(j => j.ActivityId));
        Assert.Equal("a2", during.Summary.CurrentActivityId);
        Assert.Equal("a1", JsonDocument.Parse(during.VariablesJson).RootElement.GetProperty("last").GetString());

        engine.Gate.Release.SetResult();
        Assert.Equal(InstanceStatus.Finished, (await run).Status);
    }

    [Fact]
    public async Task RunAsync_ActivityReportsFault_LeavesInstanceFaultedNamingActivityAndError()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("f").Then("a1", "Record").Then("pkg", "Fail").Then("a3", "Record").Build());

        var outcome = await engine.Runner.RunAsync(id, Ct);

        Assert.Equal((InstanceStatus.Faulted, "pkg"), (outcome.Status, outcome.ActivityId));
        var details = await engine.GetAsync(id);
        Assert.Equal("pkg", details.Summary.FaultActivityId);
        Assert.Equal("package calico-felix has no 2.6 version", details.Summary.FaultMessage);
        var entry = details.Journal[^1];
        Assert.Equal(("pkg", "Faulted", "package calico-felix has no 2.6 version"), (entry.ActivityId, entry.EventName, entry.Error));
        Assert.Contains("No package calico-felix-2.6 available", entry.Output, StringComparison.Ordinal);
        Assert.Equal(0, engine.Calls.Count("a3"));
    }

    [Fact]
    public async Task RunAsync_ActivityThrows_FaultsWithTheExceptionMessageAndKeepsVariablesFromBefore()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("t").Then("a1", "Record").Then("pkg", "Fail", ("Throw", "true")).Build());

        var outcome = await engine.Runner.RunAsync(id, Ct);

        Assert.Equal(InstanceStatus.Faulted, outcome.Status);
        var details = await engine.GetAsync(id);
        Assert.Equal("yum: Cannot find a valid baseurl for repo: calico", details.Summary.FaultMessage);
        Assert.False(JsonDocument.Parse(details.VariablesJson).RootElement.TryGetProperty("touchedByFail", out _));
    }

    [Theory]
    [InlineData("Sqlite")]
    [InlineData("PostgreSql")]
    public async Task Resume_Faulted_RunsTheFaultedActivityAgainAndSkipsThoseThatCompleted(string provider)
    {
        await using var engine = await TestEngine.OnStoreAsync(provider);
        var id = await engine.CreateAsync(Flow.Named("r").Then("a1", "Record").Then("pkg", "Fail").Then("a3", "Record").Build());
        await engine.Runner.RunAsync(id, Ct);

        engine.Faults.Broken = false;
        var outcome = await engine.Runner.RunAsync(id, Ct);

        Assert.Equal(InstanceStatus.Finished, outcome.Status);
        Assert.Equal(["a1", "pkg", "pkg", "a3"], engine.Calls.Order);
        var details = await engine.GetAsync(id);
        Assert.Null(details.Summary.FaultMessage);
        Assert.Equal(["a1:Executed", "pkg:Faulted", "pkg:Executed", "a3:Executed"], details.Journal.Select(j => $"{j.ActivityId}:{j.EventName}"));
        Assert.Equal((engine.Time.GetUtcNow().UtcDateTime, DateTimeKind.Utc), (details.Summary.FinishedAt!.Value, details.Summary.FinishedAt.Value.Kind));
    }

    [Fact]
    public async Task Rewind_Faulted_RunsFromTheStartAgainAndJournalsTheRewind()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("rw").Then("a1", "Record").Then("pkg", "Fail").Then("a3", "Record").Build());
        await engine.Runner.RunAsync(id, Ct);

        await engine.Runner.RewindAsync(id, Ct);
        engine.Faults.Broken = false;
        var outcome = await engine.Runner.RunAsync(id, Ct);

        Assert.Equal(InstanceStatus.Finished, outcome.Status);
        Assert.Equal(["a1", "pkg", "a1", "pkg", "a3"], engine.Calls.Order);
        Assert.Contains((await engine.GetAsync(id)).Journal, j => j.EventName == "Rewound" && j.ActivityId == "pkg" && j.Outcome == "a1");
    }

    [Fact]
    public async Task Rewind_Finished_IsRefused()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("done").Then("a1", "Record").Build());
        await engine.Runner.RunAsync(id, Ct);

        await Assert.ThrowsAsync<InstanceStateException>(() => engine.Runner.RewindAsync(id, Ct));
    }

    [Fact]
    public async Task Approval_Approved_SuspendsThenTakesTheApprovedBranch()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(ApprovalFlow());

        var waiting = await engine.Runner.RunAsync(id, Ct);
        Assert.Equal((InstanceStatus.Suspended, "gate"), (waiting.Status, waiting.ActivityId));
        Assert.Equal(Approval.Bookmark, (await engine.GetAsync(id)).Summary.BookmarkName);

        var payload = JsonSerializer.SerializeToElement(new { approved = true, by = "ops", comment = "canary fine" });
        var done = await engine.Runner.TriggerAsync(id, Approval.Bookmark, payload, Ct);

        Assert.Equal(InstanceStatus.Finished, done.Status);
        Assert.Equal(["yes"], engine.Calls.Order);
        var approved = (await engine.GetAsync(id)).Journal.Single(j => j.Outcome == Approval.Approved);
        Assert.Equal("approved by ops: canary fine", approved.Output);
    }

    [Fact]
    public async Task Approval_Rejected_TakesTheRejectedBranch()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(ApprovalFlow());
        await engine.Runner.RunAsync(id, Ct);

        await engine.Runner.TriggerAsync(id, Approval.Bookmark, JsonSerializer.SerializeToElement(new { approved = false }), Ct);

        Assert.Equal(["no"], engine.Calls.Order);
    }

    [Fact]
    public async Task AnswerAsync_ThenRun_TakesTheAnsweredBranch()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(ApprovalFlow());
        await engine.Runner.RunAsync(id, Ct);

        await engine.Runner.AnswerAsync(id, Approval.Bookmark, JsonSerializer.SerializeToElement(new { approved = true, by = "ops" }), Ct);
        var answered = (await engine.GetAsync(id)).Summary;
        Assert.Equal((InstanceStatus.Running, "gate", null), (answered.Status, answered.CurrentActivityId, answered.BookmarkName));
        Assert.Empty(engine.Calls.Order); // answering ran nothing

        var done = await engine.Runner.RunAsync(id, Ct);

        Assert.Equal(InstanceStatus.Finished, done.Status);
        Assert.Equal(["yes"], engine.Calls.Order);
    }

    [Fact]
    public async Task AnswerAsync_TwoAtOnce_ExactlyOneIsTaken()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(ApprovalFlow());
        await engine.Runner.RunAsync(id, Ct);

        var answers = await Task.WhenAll(new[] { true, false }.Select(async approved =>
        {
            try
            {
                await engine.Runner.AnswerAsync(id, Approval.Bookmark, JsonSerializer.SerializeToElement(new { approved }), Ct);
                return "taken";
            }
            catch (InstanceStateException)
            {
                return "refused";
            }
        }));

        Assert.Equal(["refused", "taken"], answers.Order(StringComparer.Ordinal));
        await engine.Runner.RunAsync(id, Ct);
        Assert.Single(engine.Calls.Order);
    }

    [Fact]
    public async Task AnswerAsync_InstanceNotWaiting_IsRefused()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("plain").Then("a1", "Record").Build());
        await engine.Runner.RunAsync(id, Ct);

        var error = await Assert.ThrowsAsync<InstanceStateException>(() => engine.Runner.AnswerAsync(id, Approval.Bookmark, null, Ct));

        Assert.Contains("is Finished, not waiting on 'Approval'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trigger_WrongBookmark_IsRefusedAndLeavesTheInstanceWaiting()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(ApprovalFlow());
        await engine.Runner.RunAsync(id, Ct);

        var error = await Assert.ThrowsAsync<InstanceStateException>(() => engine.Runner.TriggerAsync(id, "FanIn", null, Ct));

        Assert.Contains("waits on 'Approval', not 'FanIn'", error.Message, StringComparison.Ordinal);
        Assert.Equal(InstanceStatus.Suspended, (await engine.GetAsync(id)).Summary.Status);
    }

    [Fact]
    public async Task RunAsync_Suspended_DoesNothingUntilTriggered()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(ApprovalFlow());
        await engine.Runner.RunAsync(id, Ct);

        var again = await engine.Runner.RunAsync(id, Ct);

        Assert.Equal(InstanceStatus.Suspended, again.Status);
        Assert.Single((await engine.GetAsync(id)).Journal);
    }

    [Fact]
    public async Task Cancel_SuspendedInstance_IsCancelledAndCannotBeRunAgain()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(ApprovalFlow());
        await engine.Runner.RunAsync(id, Ct);

        var cancelled = await engine.Runner.CancelAsync(id, Ct);
        var after = await engine.Runner.RunAsync(id, Ct);

        Assert.Equal(InstanceStatus.Cancelled, cancelled.Status);
        Assert.Equal(InstanceStatus.Cancelled, after.Status);
        Assert.Empty(engine.Calls.Order);
        Assert.Equal("Cancelled", (await engine.GetAsync(id)).Journal[^1].EventName);
    }

    [Fact]
    public async Task RunAsync_CallerCancels_InterruptsWithoutJournallingAndResumeRunsTheActivityAgain()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("i").Then("a1", "Record").Then("a2", "Block").Then("a3", "Record").Build());
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var run = engine.Runner.RunAsync(id, stop.Token);
        await engine.Gate.Entered.Task.WaitAsync(Ct);
        await stop.CancelAsync();
        var interrupted = await run;

        Assert.True(interrupted.Interrupted);
        var details = await engine.GetAsync(id);
        Assert.Equal((InstanceStatus.Running, "a2", null), (details.Summary.Status, details.Summary.CurrentActivityId, details.Summary.LeaseOwner));
        Assert.Equal(["a1"], details.Journal.Select(j => j.ActivityId));

        engine.Gate.Release.SetResult();
        var resumed = await engine.Runner.RunAsync(id, Ct);

        Assert.Equal(InstanceStatus.Finished, resumed.Status);
        Assert.Equal(["a1", "a2", "a2", "a3"], engine.Calls.Order);
    }

    [Fact]
    public async Task RunAsync_InputFromVariable_IsBoundAndAMissingVariableFaultsNamingInputAndActivity()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Named("v").Add("say", "Record").Input("say", "Text", "Variable", "message").Variables("""{"message": "from a variable"}""");
        var id = await engine.CreateAsync(flow.Build());
        await engine.Runner.RunAsync(id, Ct);
        Assert.Equal("from a variable", (await engine.GetAsync(id)).Journal[0].Output);

        var missing = await engine.CreateAsync(Flow.Named("v2").Add("say", "Record").Input("say", "Text", "Variable", "nope").Build());
        var outcome = await engine.Runner.RunAsync(missing, Ct);

        Assert.Equal(InstanceStatus.Faulted, outcome.Status);
        Assert.Equal("input 'Text' of 'say': variable 'nope' is not set", outcome.Fault?.Message);
    }

    [Fact]
    public async Task CreateAsync_VariablesGiven_OverrideTheDefinitionDefaults()
    {
        await using var engine = await TestEngine.StartAsync();
        var flow = Flow.Named("vars").Add("a1", "Record").Variables("""{"parallel": 5, "keep": "x"}""");
        var id = await engine.CreateAsync(flow.Build(), new Dictionary<string, JsonElement> { ["parallel"] = JsonSerializer.SerializeToElement(25) });

        var variables = JsonDocument.Parse((await engine.GetAsync(id)).VariablesJson).RootElement;

        Assert.Equal((25, "x"), (variables.GetProperty("parallel").GetInt32(), variables.GetProperty("keep").GetString()));
    }

    [Fact]
    public async Task RunAsync_LongOutput_KeepsABoundedExcerptWithHeadAndTail()
    {
        await using var engine = await TestEngine.StartAsync(settings: new Dictionary<string, string?> { ["Saga:Engine:OutputExcerptLength"] = "400" });
        var text = "HEAD" + new string('x', 5000) + "TAIL";
        var id = await engine.CreateAsync(Flow.Named("long").Then("a1", "Record", ("Text", text)).Build());

        await engine.Runner.RunAsync(id, Ct);

        var output = (await engine.GetAsync(id)).Journal[0].Output!;
        Assert.True(output.Length < 500, $"excerpt is {output.Length} characters");
        Assert.StartsWith("HEAD", output, StringComparison.Ordinal);
        Assert.EndsWith("TAIL", output, StringComparison.Ordinal);
        Assert.Contains("characters omitted", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WaitingOnARunResumableBookmark_TriggersItWithTheRestartedPayload()
    {
        await using var engine = await TestEngine.StartAsync();
        var id = await engine.CreateAsync(Flow.Named("fan").Then("wait", "FanIn").Then("after", "Record").Build());
        Assert.Equal(InstanceStatus.Suspended, (await engine.Runner.RunAsync(id, Ct)).Status);

        var resumed = await engine.Runner.RunAsync(id, Ct);

        Assert.Equal(InstanceStatus.Finished, resumed.Status);
        Assert.Equal(ActivityResult.RestartedPayload, (await engine.GetAsync(id)).Journal.Single(j => j.EventName == "Executed" && j.ActivityId == "wait").Output);
    }

    private static Saga.Engine.Definitions.WorkflowDefinition ApprovalFlow() =>
        Flow.Named("approve").Add("gate", "Approval", ("Prompt", "Canary nodes look fine?")).Add("yes", "Record").Add("no", "Record")
            .Connect("gate", Approval.Approved, "yes").Connect("gate", Approval.Rejected, "no").Build();
}
