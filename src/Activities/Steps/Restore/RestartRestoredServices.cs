using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Steps.Compute;
using Saga.Activities.Steps.Control;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Restore;

/// <summary>After a node's packages and files are back: restart what its role runs, so the processes are the restored ones.</summary>
[Activity(Category = Runbook.CategoryRestore, DisplayName = "Restart the restored services",
    Description = "Restore, one node: restart calico-felix and calico-dhcp-agent (compute) and neutron-server (control) when the restore " +
                  "changed the node, so the processes that run are the 3.1 binaries with the restored configuration; a service the run " +
                  "found stopped is left stopped. A resumed step whose restarted process still runs does not restart it again.")]
public sealed class RestartRestoredServices(INodeShell shell, ILogger<RestartRestoredServices> logger) : IActivity
{
    /// <summary>The services of a node's roles, in the order they restart.</summary>
    public static IReadOnlyList<string> ServicesOf(NodeSpec node) =>
        [.. node.Is(NodeRole.Compute) ? [RestartFelix.Service, RestartDhcpAgentAfterDnsmasq.Service] : Array.Empty<string>(),
         .. node.Is(NodeRole.Control) ? [RestartNeutronServer.Service] : Array.Empty<string>()];

    /// <summary>Whether the run found <paramref name="service"/> running (no record: it was, as preflight requires of a node's services).</summary>
    public static bool RanBefore(IReadOnlyList<UndoRecord> undo, string service) =>
        undo.FirstOrDefault(u => u.Kind == UndoRecord.Service && u.Target == service)?.Before != UndoRecord.Stopped;

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        var restarts = context.GetVariable<Dictionary<string, RestartRecord>>(RestoreVariables.Restarts) ?? [];
        var result = await NodeWork.ForEachAsync("restore: restart the node's services", [context.GetNode()], 1, logger, async (node, transcript, ct) =>
        {
            var services = context.GetPlatform(node).Services;
            var settle = new ServiceSettle(shell, context.Time);
            var undo = context.GetUndo(node);
            if (!context.GetVariable<bool>(RestoreVariables.Changed))
                return NodeOutcome.AlreadyDone("the restore changed nothing on this node");
            var restarted = new List<string>();
            foreach (var service in ServicesOf(node))
            {
                if (!RanBefore(undo, service))
                {
                    transcript.Note($"{service} did not run before the run; left as it is");
                    continue;
                }

                if (restarts.TryGetValue(service, out var earlier) && await settle.StillRunsAsync(node, services, service, earlier, transcript, ct))
                {
                    transcript.Note($"{service} was restarted by an earlier attempt and still runs as PID {earlier.Pid}");
                    continue;
                }

                var log = service == RestartFelix.Service ? FelixLog.From(await shell.ReadFileAsync(node, FelixConfig.Path, ct)).Path : null;
                restarts[service] = await settle.RestartAsync(node, services, service, log, transcript, ct); // one node: no other writer
                restarted.Add($"{service} (PID {restarts[service].Pid})");
            }

            return restarted.Count == 0 ? NodeOutcome.AlreadyDone("every service already restarted") : NodeOutcome.Done($"restarted {string.Join(", ", restarted)}");
        }, cancellationToken);
        context.SetVariable(RestoreVariables.Restarts, restarts);
        return result;
    }
}
