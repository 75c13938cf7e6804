using Microsoft.Extensions.Logging;
using Saga.Activities.Calico;
using Saga.Activities.Nodes;
using Saga.Engine.Activities;

namespace Saga.Activities.Steps.Compute;

/// <summary>After a dnsmasq change: stop the old dnsmasq processes and restart calico-dhcp-agent (oslo-rootwrap cannot kill a replaced binary).</summary>
[Activity(Category = Runbook.CategoryCompute, DisplayName = "Restart the DHCP agent after dnsmasq",
    Description = "The 2.6 upgrade page: after dnsmasq changes, 'pkill dnsmasq' and restart the DHCP agent, because oslo-rootwrap cannot " +
                  "kill a process whose binary was replaced. The same holds for a downgrade. Only when dnsmasq was downgraded here.")]
public sealed class RestartDhcpAgentAfterDnsmasq(INodeShell shell, ILogger<RestartDhcpAgentAfterDnsmasq> logger) : IActivity
{
    public const string Service = "calico-dhcp-agent";

    public async ValueTask<ActivityResult> ExecuteAsync(ActivityContext context, CancellationToken cancellationToken)
    {
        if (!context.GetVariable<bool>(DowngradeVariables.DnsmasqDowngraded))
            return ActivityResult.Completed("dnsmasq was not downgraded on this node: nothing to restart.");
        return await NodeWork.ForEachAsync("after dnsmasq: pkill dnsmasq, restart calico-dhcp-agent", [context.GetNode()], 1, logger, async (node, transcript, ct) =>
        {
            var services = context.GetPlatform(node).Services;
            var offset = await CalicoDriverLog.OffsetAsync(shell, node, CalicoDriverLog.DhcpAgentLog, ct);
            var kill = await shell.RunAsync(node, ShellCommand.Sudo("pkill", "-x", "dnsmasq"), ct);
            transcript.Command(kill);
            if (kill.ExitStatus is not (0 or 1))
                throw new CommandFailedException(kill);
            await shell.RestartAndCheckAsync(node, services, Service, transcript, ct);
            await CalicoDriverLog.CheckAsync(shell, node, Service, CalicoDriverLog.DhcpAgentLog, offset, context.GetInventory().Verify.Settle, context.Time, transcript, ct);
            return "old dnsmasq stopped, calico-dhcp-agent restarted";
        }, cancellationToken);
    }
}
