using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Host.Runs;

namespace Saga.Host.Web.Operations;

/// <summary>
/// What an operator does to instances over HTTP: start, resume, decide an approval, cancel. The state is checked
/// before answering (so a wrong click is a 409 at once); the run itself goes on in the host's <see cref="InstanceDriver"/>.
/// </summary>
internal sealed class InstanceActions(IWorkflowRunner runner, IWorkflowInstances instances, InstanceDriver driver, TimeProvider time)
{
    /// <summary>Creates the instance and starts it. The same request id always gives the same instance, so a retried POST starts nothing twice.</summary>
    public async Task<string> StartAsync(StartRun request, string? requestId, CancellationToken cancellationToken)
    {
        var variables = (request.Variables ?? []).ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value), StringComparer.Ordinal);
        var name = request.Name;
        if (!string.IsNullOrWhiteSpace(request.InventoryPath))
        {
            var inventory = InventoryLoader.Load(request.InventoryPath);
            variables[DowngradeVariables.Inventory] = JsonSerializer.SerializeToElement(inventory, JsonSerializerOptions.Web);
            name ??= Path.GetFileNameWithoutExtension(inventory.SourcePath);
        }

        var instanceId = string.IsNullOrWhiteSpace(requestId)
            ? null
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("run/" + requestId))[..16]);
        var id = await runner.CreateAsync(request.DefinitionId!, variables, new CreateInstanceOptions(Name: name, InstanceId: instanceId), cancellationToken);
        Drive(id, "run", token => runner.RunAsync(id, token));
        return id;
    }

    /// <summary>Continues a faulted or interrupted instance at the step that did not complete; false when there is no such instance.</summary>
    public async Task<bool> ResumeAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (await instances.GetAsync(instanceId, cancellationToken) is not { } details)
            return false;
        var i = details.Summary;
        if (i.Status != InstanceStatus.Faulted && !i.IsInterruptedAt(time.GetUtcNow().UtcDateTime))
            throw new InstanceStateException($"Instance {instanceId} is {i.Status}; only a faulted or interrupted instance can be resumed.");
        Drive(instanceId, "resume", token => runner.RunAsync(instanceId, token));
        return true;
    }

    /// <summary>Answers the approval the instance waits on, then runs it on; false when there is no such instance.</summary>
    public async Task<bool> DecideAsync(string instanceId, bool approved, ApprovalDecision decision, CancellationToken cancellationToken)
    {
        if (await instances.GetAsync(instanceId, cancellationToken) is not { } details)
            return false;
        var i = details.Summary;
        if (i.Status != InstanceStatus.Suspended || i.BookmarkName != Approval.Bookmark)
            throw new InstanceStateException($"Instance {instanceId} is {i.Status}{(i.BookmarkName is null ? "" : $" on '{i.BookmarkName}'")}, not waiting for an approval.");
        var payload = JsonSerializer.SerializeToElement(new Approval.Decision(approved, decision.By ?? "operations page", decision.Comment), JsonSerializerOptions.Web);
        Drive(instanceId, approved ? "approval" : "rejection", token => runner.TriggerAsync(instanceId, Approval.Bookmark, payload, token));
        return true;
    }

    public Task<RunOutcome> CancelAsync(string instanceId, CancellationToken cancellationToken) => runner.CancelAsync(instanceId, cancellationToken);

    private void Drive(string instanceId, string what, Func<CancellationToken, Task<RunOutcome>> run) => driver.Drive(instanceId, what, (_, token) => run(token));
}
