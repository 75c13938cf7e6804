using System.Text.Json;

namespace Saga.Engine.Activities;

/// <summary>Waits until a person approves or rejects; the payload is <c>{"approved": true|false, "by": "...", "comment": "..."}</c>.</summary>
[Activity(Category = "Control flow", DisplayName = "Approval",
    Description = "Suspends the workflow until someone approves or rejects (saga approve ID, or the bus/API).",
    Outcomes = [Approved, Rejected])]
public sealed class Approval : IActivity
{
    public const string Approved = nameof(Approved);
    public const string Rejected = nameof(Rejected);

    /// <summary>The bookmark an approval waits on.</summary>
    public const string Bookmark = "Approval";

    [ActivityInput(Hint = "What the approver is asked, shown while the workflow waits.")]
    public string? Prompt { get; set; }

    public ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        if (context.ResumePayload is not { } payload)
            return ValueTask.FromResult(ActivityResult.Suspend(Bookmark, Prompt));

        var decision = Decision.From(payload);
        var text = $"{(decision.Approved ? "approved" : "rejected")}{(decision.By is null ? "" : " by " + decision.By)}{(decision.Comment is null ? "" : ": " + decision.Comment)}";
        return ValueTask.FromResult(ActivityResult.Outcome(decision.Approved ? Approved : Rejected, text));
    }

    /// <summary>The payload an approval is resumed with.</summary>
    public sealed record Decision(bool Approved, string? By = null, string? Comment = null)
    {
        internal static Decision From(JsonElement payload) =>
            payload.ValueKind == JsonValueKind.Object
                ? payload.Deserialize<Decision>(VariableJson.Options) ?? new Decision(false)
                : new Decision(payload.ValueKind == JsonValueKind.True);
    }
}
