using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Engine.Activities;
using Saga.Engine.Instances;
using Saga.Engine.Runtime;
using Saga.Host.Runs;
using Saga.Workflows;

namespace Saga.Host.Web.Operations;

/// <summary>
/// What an operator does to instances over HTTP: start, resume, decide an approval, cancel. The state is checked (and
/// a decision taken) before answering, so a wrong click is a 409 at once; the run itself goes on in the host's
/// <see cref="InstanceDriver"/>.
/// </summary>
internal sealed class InstanceActions(IWorkflowRunner runner, IWorkflowInstances instances, InventoryRules rules, InstanceDriver driver, DowngradeLauncher launcher, TimeProvider time)
{
    /// <summary>
    /// Creates the instance and starts it. The same request id always gives the same instance, and a retried POST only
    /// returns it: driving it again would resume a run that faulted since, which is for an operator to decide.
    /// </summary>
    public async Task<string> StartAsync(StartRun request, string? requestId, Actor startedBy, CancellationToken cancellationToken)
    {
        var instanceId = string.IsNullOrWhiteSpace(requestId)
            ? null
            : Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("run/" + requestId))[..16]);
        if (instanceId is not null && await instances.FindAsync(instanceId, cancellationToken) is not null)
            return instanceId;

        var variables = (request.Variables ?? []).ToDictionary(p => p.Key, p => JsonSerializer.SerializeToElement(p.Value), StringComparer.Ordinal);
        var name = request.Name;
        if (!string.IsNullOrWhiteSpace(request.InventoryPath))
        {
            var inventory = rules.Load(request.InventoryPath); // from the inventory folder, keeping the host's rules
            foreach (var (key, value) in await launcher.VariablesAsync(inventory, instanceId, request.Force, startedBy, cancellationToken))
                variables[key] = value; // the inventory, and what a forced start overrode; an overlap without force is a 409
            name ??= Path.GetFileNameWithoutExtension(inventory.SourcePath);
        }

        var created = await runner.CreateAsync(request.DefinitionId!, variables, new CreateInstanceOptions(Name: name, InstanceId: instanceId), cancellationToken);
        if (!created.Existed) // the same request at the same instant: the first one drives it
            Drive(created.InstanceId, "run", token => runner.RunAsync(created.InstanceId, token));
        return created.InstanceId;
    }

    /// <summary>Continues a faulted or interrupted instance at the step that did not complete; false when there is no such instance.</summary>
    public async Task<bool> ResumeAsync(string instanceId, CancellationToken cancellationToken)
    {
        if (await instances.FindAsync(instanceId, cancellationToken) is not { } i)
            return false;
        if (i.Status != InstanceStatus.Faulted && !i.IsInterruptedAt(time.GetUtcNow().UtcDateTime))
            throw new InstanceStateException($"Instance {instanceId} is {i.Status}; only a faulted or interrupted instance can be resumed.");
        Drive(instanceId, "resume", token => runner.RunAsync(instanceId, token));
        return true;
    }

    /// <summary>
    /// Takes the decision on the approval the instance waits on before answering, so of two decisions at once one is
    /// taken and the other refused (409); the run then goes on in the background. False when there is no such instance.
    /// </summary>
    public async Task<bool> DecideAsync(string instanceId, bool approved, ApprovalDecision decision, Actor decidedBy, CancellationToken cancellationToken)
    {
        if (await instances.FindAsync(instanceId, cancellationToken) is null)
            return false;
        var payload = JsonSerializer.SerializeToElement(new Approval.Decision(approved, decision.By, decision.Comment, decidedBy), JsonSerializerOptions.Web);
        await runner.AnswerAsync(instanceId, Approval.Bookmark, payload, cancellationToken);
        Drive(instanceId, approved ? "approval" : "rejection", token => runner.RunAsync(instanceId, token));
        return true;
    }

    /// <summary>Cancels an instance (one another runner drives stops at its next renewal); null when there is no such instance.</summary>
    public async Task<RunOutcome?> CancelAsync(string instanceId, CancellationToken cancellationToken) =>
        await instances.FindAsync(instanceId, cancellationToken) is null ? null : await runner.CancelAsync(instanceId, cancellationToken);

    /// <summary>Cancels each instance that has not ended; returns how many it cancelled or asked to stop. Unknown and ended ones are skipped.</summary>
    public async Task<int> CancelEachAsync(IEnumerable<string> instanceIds, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var id in instanceIds.Distinct(StringComparer.Ordinal))
        {
            if (await instances.FindAsync(id, cancellationToken) is not { Status: not (InstanceStatus.Finished or InstanceStatus.Cancelled) })
                continue;
            var outcome = await runner.CancelAsync(id, cancellationToken);
            count += outcome.Status == InstanceStatus.Finished ? 0 : 1; // it may have finished meanwhile
        }

        return count;
    }

    /// <summary>Resumes each faulted or interrupted instance; returns how many it scheduled. Unknown ones and those in another state are skipped.</summary>
    public async Task<int> ResumeEachAsync(IEnumerable<string> instanceIds, CancellationToken cancellationToken)
    {
        var count = 0;
        foreach (var id in instanceIds.Distinct(StringComparer.Ordinal))
        {
            try
            {
                count += await ResumeAsync(id, cancellationToken) ? 1 : 0;
            }
            catch (InstanceStateException)
            {
                // Not faulted or interrupted: the count says it was not scheduled; the others still are.
            }
        }

        return count;
    }

    private void Drive(string instanceId, string what, Func<CancellationToken, Task<RunOutcome>> run) => driver.Drive(instanceId, what, (_, token) => run(token));
}
