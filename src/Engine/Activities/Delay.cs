namespace Saga.Engine.Activities;

/// <summary>Waits for a while, for example to let a service settle after a restart.</summary>
[Activity(Category = "Control flow", DisplayName = "Delay", Description = "Waits for the given duration, then continues.")]
public sealed class Delay : IActivity
{
    [ActivityInput(Hint = "How long to wait, e.g. 00:00:30 or PT30S.")]
    public required TimeSpan Duration { get; set; }

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        await Task.Delay(Duration, context.Time, cancellationToken);
        return ActivityResult.Completed();
    }
}
