using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Saga.Engine.Activities;
using Saga.Engine.Commands;
using Saga.Engine.Definitions;
using Saga.Engine.Descriptors;
using Saga.Engine.Persistence;
using Saga.Engine.Telemetry;

namespace Saga.Engine.Runtime;

/// <summary>
/// Runs one activity in a DI scope of its own, disposed when it ends: the activity and what it depends on are resolved
/// from that scope, so scoped services (MassTransit's publish endpoint, EF Core contexts) are never taken from the root
/// provider, and each execution gets fresh ones. What it throws is the caller's to classify.
/// </summary>
internal sealed class ActivityExecutor(IServiceScopeFactory scopes, ActivityRegistry registry, TimeProvider time, ILogger<WorkflowRunner> logger)
{
    /// <param name="activity">The activity.</param>
    /// <param name="record">Its instance.</param>
    /// <param name="variables">The instance's variables, which the activity may change.</param>
    /// <param name="commands">Collects the remote commands the activity reports (<see cref="NodeCommandLog"/>).</param>
    /// <param name="cancellationToken">Stops the activity.</param>
    public async Task<ActivityResult> ExecuteAsync(ActivityDefinition activity, InstanceRecord record, JsonObject variables, CommandBuffer commands, CancellationToken cancellationToken)
    {
        NodeCommandLog.Begin(commands); // on this method's own flow: the activity's tasks see it, the caller's flow does not
        var type = registry.FindType(activity.Type)
                   ?? throw new InvalidOperationException($"unknown activity type '{activity.Type}'");
        await using var scope = scopes.CreateAsyncScope();
        var instance = (IActivity)scope.ServiceProvider.GetRequiredService(type.ClrType);
        InputBinder.Bind(instance, type, activity, variables);
        var payload = record.ResumePayloadJson is null ? (JsonElement?)null : JsonDocument.Parse(record.ResumePayloadJson).RootElement.Clone();
        var context = new ActivityContext(record.Id, activity.ActivityId, variables, payload, time);
        logger.LogInformation("Executing activity {ActivityId} ({ActivityType}){Resuming}", activity.ActivityId, activity.Type, payload is null ? "" : " on resume");
        return await EngineTelemetry.TraceActivityAsync(record.Id, activity.ActivityId, activity.Type, () => instance.ExecuteAsync(context, cancellationToken).AsTask());
    }
}
