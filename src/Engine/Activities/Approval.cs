using System.Text.Json;

namespace Saga.Engine.Activities;

/// <summary>
/// Waits until a person approves or rejects; the payload is <c>{"approved": true|false, "actor": {...}, "by": "...", "comment": "..."}</c>.
/// Each decision is also kept, structured, in the <see cref="DecisionsVariable"/> variable, for the run's report.
/// </summary>
[Activity(Category = "Control flow", DisplayName = "Approval",
    Description = "Suspends the workflow until someone approves or rejects (saga approve ID, or the bus/API).",
    Outcomes = [Approved, Rejected])]
public sealed class Approval : IActivity
{
    public const string Approved = nameof(Approved);
    public const string Rejected = nameof(Rejected);

    /// <summary>The bookmark an approval waits on.</summary>
    public const string Bookmark = "Approval";

    /// <summary>The variable that keeps every decision of the instance (<see cref="Decided"/>), oldest first.</summary>
    public const string DecisionsVariable = "approvals";

    [ActivityInput(Hint = "What the approver is asked, shown while the workflow waits.")]
    public string? Prompt { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.ResumePayload is not { } payload)
            return ValueTask.FromResult(ActivityResult.Suspend(Bookmark, Prompt));

        var decision = Decision.From(payload);
        var decisions = context.GetVariable<List<Decided>>(DecisionsVariable) ?? [];
        decisions.Add(new Decided(context.ActivityId, decision.Approved, decision.Actor, decision.By, decision.Comment, context.Time.GetUtcNow().UtcDateTime));
        context.SetVariable(DecisionsVariable, decisions);
        var text = $"{(decision.Approved ? "approved" : "rejected")}{(decision.Who() is { } who ? " by " + who : "")}{(decision.Comment is null ? "" : ": " + decision.Comment)}";
        return ValueTask.FromResult(ActivityResult.Outcome(decision.Approved ? Approved : Rejected, text));
    }

    /// <summary>The payload an approval is resumed with.</summary>
    /// <param name="Approved">Approve, or reject.</param>
    /// <param name="By">Who the sender says decided (free text; a command line's <c>--by</c>).</param>
    /// <param name="Comment">Why.</param>
    /// <param name="Actor">Who decided, as saga knows it.</param>
    public sealed record Decision(bool Approved, string? By = null, string? Comment = null, Actor? Actor = null)
    {
        /// <summary>"OS user alice", or with a name the sender gave that differs: "OS user root, as 'alice'".</summary>
        public string? Who() => Describe(Actor, By);

        internal static Decision From(JsonElement payload) =>
            payload.ValueKind == JsonValueKind.Object
                ? payload.Deserialize<Decision>(VariableJson.Options) ?? new Decision(false)
                : new Decision(payload.ValueKind == JsonValueKind.True);

        internal static string? Describe(Actor? actor, string? by) =>
            actor is null ? by : by is null || by == actor.Id ? actor.ToString() : $"{actor}, as '{by}'";
    }

    /// <summary>A decision as the instance keeps it.</summary>
    /// <param name="ActivityId">The approval it answered.</param>
    /// <param name="Approved">Approved, or rejected.</param>
    /// <param name="Actor">Who decided, as saga knows it; null for a decision that did not say.</param>
    /// <param name="By">Who the sender says decided.</param>
    /// <param name="Comment">Why.</param>
    /// <param name="At">When it was taken (UTC).</param>
    public sealed record Decided(string ActivityId, bool Approved, Actor? Actor, string? By, string? Comment, DateTime At)
    {
        /// <summary>As <see cref="Decision.Who"/>.</summary>
        public string? Who() => Decision.Describe(Actor, By);
    }
}
