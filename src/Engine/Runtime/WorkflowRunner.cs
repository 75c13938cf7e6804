using System.Text.Json;

namespace Saga.Engine.Runtime;

/// <summary>
/// The engine's front door: commands that change an instance without running it (<see cref="InstanceCommands"/>,
/// <see cref="InstanceCancellation"/>) and runs (<see cref="RunLoop"/>).
/// </summary>
internal sealed class WorkflowRunner(InstanceCommands commands, InstanceCancellation cancellation, RunLoop runs) : IWorkflowRunner
{
    public Task<CreatedInstance> CreateAsync(
        string definitionId, IReadOnlyDictionary<string, JsonElement>? variables, CreateInstanceOptions? options, CancellationToken cancellationToken) =>
        commands.CreateAsync(definitionId, variables, options, cancellationToken);

    public Task<RunOutcome> RunAsync(string instanceId, CancellationToken cancellationToken) =>
        runs.DriveAsync(instanceId, trigger: null, cancellationToken);

    public Task<RunOutcome> TriggerAsync(string instanceId, string bookmark, JsonElement? payload, CancellationToken cancellationToken) =>
        runs.DriveAsync(instanceId, record =>
        {
            InstanceTransitions.EnsureWaitsOn(record, bookmark);
            InstanceTransitions.Resume(record, payload?.GetRawText() ?? "null");
        }, cancellationToken);

    public Task AnswerAsync(string instanceId, string bookmark, JsonElement? payload, CancellationToken cancellationToken) =>
        commands.AnswerAsync(instanceId, bookmark, payload, cancellationToken);

    public Task RewindAsync(string instanceId, CancellationToken cancellationToken) => commands.RewindAsync(instanceId, cancellationToken);

    public Task<RunOutcome> CancelAsync(string instanceId, CancellationToken cancellationToken) => cancellation.CancelAsync(instanceId, cancellationToken);
}
