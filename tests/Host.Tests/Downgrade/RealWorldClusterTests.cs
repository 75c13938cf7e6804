using System.Globalization;
using Saga.Activities.Calico;

namespace Saga.Host.Tests.Downgrade;

/// <summary>What one downgrade of <see cref="RealWorldCluster"/> did, node by node, against the lab's process tables, files and journals.</summary>
public sealed class RealWorldClusterTests(RealWorldCluster cluster) : IClassFixture<RealWorldCluster>
{
    private const string CalicoDnsmasq = "--pid-file=/var/lib/neutron/dhcp/";
    private const string LibvirtDnsmasq = "--conf-file=/var/lib/libvirt/dnsmasq/default.conf";

    [Fact]
    public async Task Run_NodesThatDoNotLookLikeTheRunbook_AreDowngradedAndVerified()
    {
        Assert.True(cluster.Run.ExitCode == 0, cluster.Run.ToString());
        await cluster.Expected.AssertEveryNodeDowngradedAsync();
    }

    [Fact]
    public void Run_ReadyFlagFalseAtTheStart_IsSetTrueBeforeAnyPackageChangesAndNoFelix26StartsWhileItIsFalse()
    {
        var set = cluster.Lab.Journal("ctl").Select(Parse).First(l => l.Command.Contains("set /calico/v1/Ready true", StringComparison.Ordinal)).At;
        foreach (var node in cluster.Lab.Inventory.Nodes)
        {
            var firstPackages = cluster.Lab.Journal(node.Name).Select(Parse).First(l => l.Command.Contains("downgrade", StringComparison.Ordinal) || l.Command.StartsWith("apt-get install", StringComparison.Ordinal)).At;
            Assert.True(set <= firstPackages, $"{node.Name}: packages changed at {firstPackages}, the Ready flag was set at {set}");
        }

        foreach (var node in cluster.Lab.Inventory.ComputeNodes)
        {
            var starts = File.ReadAllLines(cluster.Lab.NodePath(node.Name, "/var/lib/lab/felix-starts"));
            Assert.Contains(starts, l => l.EndsWith(" 2.6.5 ready", StringComparison.Ordinal));
            Assert.DoesNotContain(starts, l => l.Contains(" 2.6.5 waiting", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void Run_FelixOnEveryComputeNode_IsRestartedAfterThePackagesAndRunsTheLoaded26()
    {
        foreach (var node in cluster.Lab.Inventory.ComputeNodes)
            cluster.Expected.AssertFelixRunning(node);
    }

    [Fact]
    public void Run_DnsmasqChanged_StopsOnlyTheAgentsDnsmasqAndTheAgentStartsNewOnes()
    {
        var before = cluster.ProcessesBefore["cc"].Where(l => l.Contains(CalicoDnsmasq, StringComparison.Ordinal)).Select(Pid).ToList();
        var after = cluster.Processes("cc", CalicoDnsmasq).Select(Pid).ToList();

        Assert.Equal(2, before.Count);
        Assert.Equal(2, after.Count);
        Assert.Empty(before.Intersect(after));
        Assert.Equal(cluster.ProcessesBefore["cc"].Where(l => l.Contains(LibvirtDnsmasq, StringComparison.Ordinal)), cluster.Processes("cc", LibvirtDnsmasq));
        Assert.Single(cluster.Lab.Journal("cc"), l => l.Contains("pkill -f ^([^ ]*/)?dnsmasq .*--pid-file=/var/lib/neutron/dhcp/", StringComparison.Ordinal));
    }

    [Fact]
    public void Run_DnsmasqUnchanged_LeavesEveryDnsmasqRunningAndStillRestartsTheDowngradedAgent()
    {
        foreach (var node in new[] { "cu", "cx" })
        {
            Assert.Equal(cluster.ProcessesBefore[node].Where(l => l.Contains("dnsmasq", StringComparison.Ordinal)), cluster.Processes(node, "dnsmasq"));
            Assert.DoesNotContain(cluster.Lab.Journal(node), l => l.Contains(" pkill ", StringComparison.Ordinal));
            var journal = cluster.Lab.Journal(node).Select(Parse).Select(l => l.Command).ToList();
            Assert.True(journal.FindLastIndex(l => l.StartsWith("apt-get install", StringComparison.Ordinal)) < journal.FindLastIndex(l => l.Contains("restart", StringComparison.Ordinal) && l.Contains("calico-dhcp-agent", StringComparison.Ordinal)),
                $"{node}: the agent was not restarted after its package changed:\n{string.Join('\n', journal)}");
        }
    }

    [Fact]
    public void Run_XenialListUnderAddAptRepositorysName_IsBackedUpAndRemoved()
    {
        const string list = "/etc/apt/sources.list.d/project-calico-ubuntu-calico-3_1-xenial.list";

        Assert.False(File.Exists(cluster.Lab.NodePath("cx", list)));
        Assert.Contains("calico-3.1", File.ReadAllText(Backup("cx", list)), StringComparison.Ordinal);
        Assert.True(File.Exists(cluster.Lab.NodePath("cx", "/etc/apt/sources.list.d/project-calico-ubuntu-calico-2_6-xenial.list")));
    }

    [Fact]
    public void Run_CentOsRepositoryFileWithAnotherName_IsBackedUpAndSwitchedTo26()
    {
        const string repo = "/etc/yum.repos.d/project-calico.repo";

        Assert.Equal(File.ReadAllText(Backup("cc", repo)).Replace("calico-3.1", "calico-2.6", StringComparison.Ordinal), cluster.Lab.ReadNodeFile("cc", repo));
        Assert.Contains("baseurl=https://binaries.projectcalico.org/rpm/calico-2.6/", cluster.Lab.ReadNodeFile("cc", repo), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_AfterTheDowngrade_NoEnabledSourceOnAnyNodeOffers31()
    {
        foreach (var node in cluster.Lab.Inventory.Nodes)
        {
            var platform = Activities.Facts.NodePlatform.FromKey(cluster.Lab.ReadNodeFile(node.Name, "/var/lib/lab/os").Trim() switch
            {
                "centos7" => "centos 7",
                "trusty" => "ubuntu 14.04 (trusty)",
                _ => "ubuntu 16.04 (xenial)",
            }, node.Name);
            cluster.Expected.AssertNoEnabledSourceOf31(node, platform);
        }

        Assert.Contains("check-sources", cluster.Workspace.Log(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_DatastoreTypeLineWithATrailingComment_IsRemovedAndEveryOtherByteKept()
    {
        var expected = cluster.FelixWritten.AsSpan().IndexOf("DatastoreType"u8) is var at and >= 0
            ? [.. cluster.FelixWritten[..at], .. cluster.FelixWritten[(Array.IndexOf(cluster.FelixWritten, (byte)'\n', at) + 1)..]]
            : Array.Empty<byte>();

        Assert.Equal(expected, File.ReadAllBytes(cluster.Lab.NodePath("cu", FelixConfig.Path)));
    }

    private string Backup(string node, string path) =>
        Directory.GetFiles(cluster.Lab.NodePath(node, $"/var/backups/saga/{cluster.InstanceId}"), path.Replace('/', '_') + ".*").Single();

    private static (long At, string Command) Parse(string line) =>
        line.Split(' ', 2) is [var at, var command] ? (long.Parse(at, CultureInfo.InvariantCulture), command) : (0, line);

    private static string Pid(string line) => line.Split(' ')[0];
}
