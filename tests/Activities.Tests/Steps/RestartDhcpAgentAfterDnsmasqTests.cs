using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging.Abstractions;
using Saga.Activities.Calico;
using Saga.Activities.Steps.Compute;
using Saga.Activities.Tests.Support;
using Saga.Engine.Activities;

namespace Saga.Activities.Tests.Steps;

public sealed class RestartDhcpAgentAfterDnsmasqTests
{
    private const string Show = "systemctl show -p MainPID -p ActiveState calico-dhcp-agent";
    private const string Probe = "ps -o pid= -o etimes= -o args= -p";
    private const string Rpm = "rpm -q --qf";
    private const string ListCalicoDnsmasq = "pgrep -a -f";
    private const string KillCalicoDnsmasq = "pkill -f";
    private const string FindCalicoDnsmasq = "pgrep -f";
    private const string AgentLog = "2026-11-24 08:00:01.000 2391 INFO networking_calico.etcdutils [-] Loaded snapshot from etcd cluster 7e27652122e8b2ae, processing it...\n";

    // neutron's Dnsmasq driver (Queens) with networking-calico's changes; libvirt's; NetworkManager's
    private const string CalicoDnsmasq = "/usr/sbin/dnsmasq --no-hosts --no-resolv --except-interface=lo --pid-file=/var/lib/neutron/dhcp/2f7a8e4c-6b1d-4c55-9a0e-1c2b3d4e5f60/pid --dhcp-hostsfile=/var/lib/neutron/dhcp/2f7a8e4c-6b1d-4c55-9a0e-1c2b3d4e5f60/host --enable-ra --interface=tap5a1b2c3d-4e";
    private const string LibvirtDnsmasq = "/usr/sbin/dnsmasq --conf-file=/var/lib/libvirt/dnsmasq/default.conf --leasefile-ro --dhcp-script=/usr/libexec/libvirt_leaseshelper";
    private const string HostDnsmasq = "/usr/sbin/dnsmasq --no-resolv --keep-in-foreground --no-hosts --bind-interfaces --pid-file=/var/run/NetworkManager/dnsmasq.pid --listen-address=127.0.1.1";

    private static readonly Dictionary<string, string> Before = new()
    {
        ["calico-dhcp-agent"] = "1:3.1.3-1.el7",
        ["networking-calico"] = "1:3.1.3-1.el7",
        ["dnsmasq"] = "2.76-7.el7",
        ["calico-felix"] = "3.1.3-1.el7",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(CalicoDnsmasq, true)]
    [InlineData("dnsmasq --no-hosts --pid-file=/var/lib/neutron/dhcp/9c0d1e2f/pid --enable-ra", true)]
    [InlineData(LibvirtDnsmasq, false)]
    [InlineData(HostDnsmasq, false)]
    [InlineData("sudo -n pkill -f ^([^ ]*/)?dnsmasq .*--pid-file=/var/lib/neutron/dhcp/", false)]
    [InlineData("sh -c pgrep -f '^dnsmasq .*--pid-file=/var/lib/neutron/dhcp/'", false)]
    public void CalicoDnsmasq_AsPgrepMatchesACommandLine_OnlyTheAgentsDnsmasq(string commandLine, bool matches)
    {
        // pgrep -f matches the pattern (POSIX ERE) anywhere in the arguments joined by spaces; this one is plain ERE
        Assert.Equal(matches, Regex.IsMatch(commandLine, RestartDhcpAgentAfterDnsmasq.CalicoDnsmasq));
    }

    [Fact]
    public async Task ExecuteAsync_DnsmasqChangedSincePreflight_StopsOnlyCalicosDnsmasqThenRestartsAndChecksTheAgent()
    {
        var shell = Agent(installedNow: "calico-dhcp-agent 1:1.4.3-1.el7\nnetworking-calico 1:1.4.3-1.el7\ndnsmasq 0:2.76-5.el7\n")
            .On(ListCalicoDnsmasq, new CommandResultSpec(Stdout: $"2417 {CalicoDnsmasq}\n"))
            .On(KillCalicoDnsmasq)
            .On(FindCalicoDnsmasq, new CommandResultSpec(1));
        var context = Some.ComputeContext("centos 7", Before);

        var result = await Run(shell, context);

        Assert.True(result.Kind == ActivityResultKind.Outcome, (result as FaultResult)?.Message);
        Assert.Equal(["pgrep -a -f", "pkill -f", "pgrep -f", "systemctl restart calico-dhcp-agent"], shell.Commands.Select(Verb).Where(v => v is not null).ToList());
        Assert.Contains("pkill -f '^([^ ]*/)?dnsmasq .*--pid-file=/var/lib/neutron/dhcp/'", shell.Commands);
        Assert.Equal(2391, context.GetVariable<RestartRecord>(DowngradeVariables.DhcpAgentRestart)!.Pid);
        Assert.Equal("/var/log/neutron/calico-dhcp-agent.log", context.GetVariable<RestartRecord>(DowngradeVariables.DhcpAgentRestart)!.LogPath);
    }

    [Fact]
    public async Task ExecuteAsync_OnlyTheAgentChanged_RestartsItWithoutTouchingDnsmasq()
    {
        var shell = Agent(installedNow: "calico-dhcp-agent 1:1.4.3-1.el7\nnetworking-calico 1:1.4.3-1.el7\ndnsmasq 0:2.76-7.el7\n");

        var result = await Run(shell, Some.ComputeContext("centos 7", Before));

        Assert.True(result.Kind == ActivityResultKind.Outcome, (result as FaultResult)?.Message);
        Assert.Equal(0, shell.Count("pgrep") + shell.Count("pkill"));
        Assert.Equal(1, shell.Count("systemctl restart calico-dhcp-agent"));
    }

    [Fact]
    public async Task ExecuteAsync_NothingChangedSincePreflight_LeavesTheAgentAsItIsIfItRuns()
    {
        var shell = new FakeNodeShell()
            .On(Rpm, new CommandResultSpec(Stdout: "calico-dhcp-agent 1:3.1.3-1.el7\nnetworking-calico 1:3.1.3-1.el7\ndnsmasq 0:2.76-7.el7\n"))
            .On("systemctl is-active calico-dhcp-agent", new CommandResultSpec(Stdout: "active\n"));

        var result = await Run(shell, Some.ComputeContext("centos 7", Before));

        Assert.Contains("nothing the agent runs changed since preflight", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, shell.Count("restart") + shell.Count("pkill"));
    }

    [Fact]
    public async Task ExecuteAsync_RestartedAgentStillRuns_SaysAlreadyDoneAndOnlyChecksIt()
    {
        var shell = new FakeNodeShell()
            .On(Show, new CommandResultSpec(Stdout: "MainPID=2391\nActiveState=active\n"))
            .On(Probe, new CommandResultSpec(Stdout: " 2391      9 /usr/bin/python2 /usr/bin/calico-dhcp-agent\n1010\n"))
            .On("tail -c +", new CommandResultSpec(Stdout: "size 300\n" + AgentLog));
        var context = Some.ComputeContext("centos 7", Before);
        context.SetVariable(DowngradeVariables.DhcpAgentRestart, new RestartRecord(1000, 2291, 2391, "/var/log/neutron/calico-dhcp-agent.log", 100));

        var result = await Run(shell, context);

        Assert.True(result.Kind == ActivityResultKind.Outcome, (result as FaultResult)?.Message);
        Assert.Contains("already done", result.Output, StringComparison.Ordinal);
        Assert.Equal(0, shell.Count("restart") + shell.Count("pkill") + shell.Count(Rpm));
    }

    [Theory]
    [InlineData(2, "pkill: invalid option -- 'l'")] // procps-ng 3.3.10: a usage error exits 2
    [InlineData(1, "pkill: invalid option -- 'l'")] // 3.3.9 (trusty) exits 1, as for "no match": stderr tells them apart
    public async Task ExecuteAsync_PkillRefused_FaultsAndDoesNotRestart(int exit, string stderr)
    {
        var shell = Agent(installedNow: "calico-dhcp-agent 1:1.4.3-1.el7\nnetworking-calico 1:1.4.3-1.el7\ndnsmasq 0:2.76-5.el7\n")
            .On(ListCalicoDnsmasq, new CommandResultSpec(Stdout: $"2417 {CalicoDnsmasq}\n"))
            .On(KillCalicoDnsmasq, new CommandResultSpec(exit, "", stderr));

        var result = await Run(shell, Some.ComputeContext("centos 7", Before));

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains(stderr, Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
        Assert.Equal(0, shell.Count("systemctl restart"));
    }

    [Fact]
    public async Task ExecuteAsync_AgentLogsEtcdErrorsAfterTheRestart_Faults()
    {
        var shell = Agent(installedNow: "calico-dhcp-agent 1:1.4.3-1.el7\nnetworking-calico 1:1.4.3-1.el7\ndnsmasq 0:2.76-7.el7\n",
            log: "2026-11-24 08:00:02.000 2391 ERROR networking_calico.etcdutils [-] Unexpected IO or etcd error, triggering resync with etcd: EtcdConnectionFailed('Connection to etcd failed')\n");

        var result = await Run(shell, Some.ComputeContext("centos 7", Before));

        Assert.Equal(ActivityResultKind.Fault, result.Kind);
        Assert.Contains("Unexpected IO or etcd error", Assert.IsType<FaultResult>(result).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExecuteAsync_Cancelled_Throws()
    {
        var shell = new FakeNodeShell();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
            await new RestartDhcpAgentAfterDnsmasq(shell, NullLogger<RestartDhcpAgentAfterDnsmasq>.Instance).ExecuteAsync(Some.ComputeContext("centos 7", Before), Some.Cancelled));
        Assert.Empty(shell.Commands);
    }

    private static string? Verb(string command) =>
        new[] { "pgrep -a -f", "pkill -f", "pgrep -f", "systemctl restart calico-dhcp-agent" }.FirstOrDefault(v => command.Contains(v, StringComparison.Ordinal));

    private static FakeNodeShell Agent(string installedNow, string log = AgentLog) => new FakeNodeShell()
        .WithFile("/etc/neutron/neutron.conf", "[DEFAULT]\ncore_plugin = calico\nlog_dir = /var/log/neutron\n\n[calico]\netcd_port = 2379\n")
        .On(Rpm, new CommandResultSpec(Stdout: installedNow))
        .On(Show, new CommandResultSpec(Stdout: "MainPID=2291\nActiveState=active\n"), new CommandResultSpec(Stdout: "MainPID=2391\nActiveState=active\n"))
        .On(Probe, new CommandResultSpec(Stdout: " 2391       1 /usr/bin/python2 /usr/bin/calico-dhcp-agent\n1002\n"))
        .On("tail -c +", new CommandResultSpec(Stdout: "size 300\n" + log))
        .On("[ -z \"$1\" ] && exit 0", new CommandResultSpec(Stdout: "1000\n100\n"))
        .On("systemctl restart calico-dhcp-agent");

    private static async Task<ActivityResult> Run(FakeNodeShell shell, ActivityContext context) =>
        await new RestartDhcpAgentAfterDnsmasq(shell, NullLogger<RestartDhcpAgentAfterDnsmasq>.Instance).ExecuteAsync(context, Ct);
}
