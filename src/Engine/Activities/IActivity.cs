namespace Saga.Engine.Activities;

/// <summary>
/// One step of a workflow. Inputs are properties marked <see cref="ActivityInputAttribute"/>, set before each run.
/// A resumed instance runs an interrupted activity again, so an activity checks before it acts.
/// </summary>
public interface IActivity
{
    /// <summary>Runs the step and says what happened: an outcome, a bookmark to wait on, or a fault.</summary>
    ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken);
}
