using System.Text.Json;
using Saga.Host.Tests.Support;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Downgrade;

/// <summary>saga restore against labs of real SSH nodes: nodes (and etcd) put back to Calico 3.1 as the run found them.</summary>
public sealed class RestoreTests
{
    [Fact]
    public async Task RestoreAll_AfterAFinishedRun_PutsEveryNodeAndEtcdBackAsTheLabSeededThem()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute", "x1:xenial:compute");
        using var workspace = new Workspace();
        var seeded = new SeededCluster(lab);
        await seeded.RememberAsync();
        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath);
        Assert.True(run.ExitCode == 0, run.ToString());
        var id = Workspace.InstanceIdIn(run.Stdout);
        var downgraded = await workspace.RunAsync("report", id, "--format", "json");
        var live = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var node in lab.Inventory.Nodes)
            live[node.Name] = await seeded.VersionsAsync(node);

        var plan = await workspace.RunAsync("restore", id, "--all", "--plan");
        var restore = await workspace.RunAsync("restore", id, "--all");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("== restore-etcdv3: Put the keys under /calico/ back into etcdv3", plan.Stdout, StringComparison.Ordinal);
        Assert.Contains("file /etc/calico/felix.cfg: from /var/backups/saga/" + id, plan.Stdout, StringComparison.Ordinal);
        Assert.True(restore.ExitCode == 0, restore.ToString());
        foreach (var node in new[] { "ctl", "c1", "x1" })
            await seeded.AssertNodeRestoredAsync(node);
        await seeded.AssertEtcdRestoredAsync();
        Assert.True(lab.Count("ctl", "etcdctl") > 0);
        AssertReportVersions(lab, seeded, downgraded, live);
        var html = Path.Combine(workspace.Folder, "report.html");
        var report = await workspace.RunAsync("report", id, "--format", "markdown");
        var written = await workspace.RunAsync("report", id, "--format", "html", "-o", html);
        Assert.True(written.ExitCode == 0, written.ToString());
        Assert.Equal(3, System.Text.RegularExpressions.Regex.Count(report.Stdout, "Final state: \\*\\*restored to its state before the run by restore "));
        Assert.Contains("etcdv3 delete: deleted ", report.Stdout, StringComparison.Ordinal);
        var page = await File.ReadAllTextAsync(html, TestContext.Current.CancellationToken);
        Assert.DoesNotContain("<script", page, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(" src=", page, StringComparison.OrdinalIgnoreCase);
        var again = await workspace.RunAsync("resume", id);
        Assert.Contains("finished", again.Stdout, StringComparison.Ordinal); // a finished run stays finished: nothing runs again
    }

    [Fact]
    public async Task RestoreAll_WhenTheRepositoryNoLongerOffersTheRecordedVersions_InstallsPreflightsCopies()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute");
        using var workspace = new Workspace();
        var seeded = new SeededCluster(lab);
        await seeded.RememberAsync();
        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath);
        Assert.True(run.ExitCode == 0, run.ToString());
        var id = Workspace.InstanceIdIn(run.Stdout);
        foreach (var node in new[] { "ctl", "c1" })
            WithoutVersions(lab.NodePath(node, "/usr/share/lab/yum/binaries.projectcalico.org/rpm/calico-3.1/packages"), "3.1.3");

        var plan = await workspace.RunAsync("restore", id, "--all", "--plan");
        var restore = await workspace.RunAsync("restore", id, "--all");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("from preflight's copies where it no longer offers a version", plan.Stdout, StringComparison.Ordinal);
        Assert.True(restore.ExitCode == 0, restore.ToString() + "\n" + string.Join("\n", lab.Journal("c1")));
        await seeded.AssertNodeRestoredAsync("ctl");
        await seeded.AssertNodeRestoredAsync("c1");
        await seeded.AssertEtcdRestoredAsync();
        Assert.Contains(lab.Journal("c1"), l => l.Contains(" yum -y install /var/backups/saga/", StringComparison.Ordinal)
                                                && l.Contains($"/var/backups/saga/{id}/packages-before/calico-felix-3.1.3-1.el7.x86_64.rpm", StringComparison.Ordinal));
    }

    [Fact]
    public async Task RestoreAll_OnUbuntu_WhenThePpaNoLongerOffersTheRecordedVersions_InstallsPreflightsCopiesWithDpkg()
    {
        await using var lab = await Lab.StartAsync("ctl:xenial:control", "t1:trusty:compute");
        using var workspace = new Workspace();
        var seeded = new SeededCluster(lab);
        await seeded.RememberAsync();
        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath);
        Assert.True(run.ExitCode == 0, run.ToString());
        var id = Workspace.InstanceIdIn(run.Stdout);
        WithoutVersions(lab.NodePath("ctl", "/usr/share/lab/apt/ppa.launchpad.net/project-calico/calico-3.1/ubuntu/dists/xenial/main/packages"), "3.1.3~xenial");
        WithoutVersions(lab.NodePath("t1", "/usr/share/lab/apt/ppa.launchpad.net/project-calico/calico-3.1/ubuntu/dists/trusty/main/packages"), "3.1.3~trusty");

        var plan = await workspace.RunAsync("restore", id, "--all", "--plan");
        var restore = await workspace.RunAsync("restore", id, "--all");

        Assert.True(plan.ExitCode == 0, plan.ToString());
        Assert.Contains("from preflight's copies where it no longer offers a version", plan.Stdout, StringComparison.Ordinal);
        Assert.True(restore.ExitCode == 0, restore.ToString() + "\n" + string.Join("\n", lab.Journal("t1")));
        await seeded.AssertNodeRestoredAsync("ctl");
        await seeded.AssertNodeRestoredAsync("t1");
        await seeded.AssertEtcdRestoredAsync();
        var folder = $"/var/backups/saga/{id}/packages-before/";
        Assert.Contains(lab.Journal("t1"), l => l.Contains(" dpkg --force-confdef --force-confold -i ", StringComparison.Ordinal)
                                                && l.Contains(folder + "calico-felix_3.1.3~trusty_amd64.deb", StringComparison.Ordinal)
                                                && l.Contains(folder + "calico-compute_1%3a3.1.3~trusty_all.deb", StringComparison.Ordinal));
        Assert.Contains(lab.Journal("ctl"), l => l.Contains(" dpkg --force-confdef --force-confold -i ", StringComparison.Ordinal)
                                                 && l.Contains(folder + "calico-control_1%3a3.1.3~xenial_all.deb", StringComparison.Ordinal));
    }

    /// <summary>
    /// A repository's catalog without <paramref name="version"/> (with an epoch too), as a Launchpad PPA leaves it once a
    /// newer version came out: a copy of the file, so the other nodes' links keep theirs.
    /// </summary>
    private static void WithoutVersions(string catalog, string version)
    {
        var lines = File.ReadAllLines(catalog).Where(l => !l.Contains(" " + version + " ", StringComparison.Ordinal) && !l.Contains(":" + version + " ", StringComparison.Ordinal)).ToList();
        File.Delete(catalog);
        File.WriteAllLines(catalog, lines);
    }

    [Fact]
    public async Task RestoreNode_WhoseDowngradeWasCutHalfWay_IsBackAt31AndTheRunCannotBeResumed()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute", "c2:centos7:compute");
        using var workspace = new Workspace();
        var seeded = new SeededCluster(lab);
        await seeded.RememberAsync();
        await lab.FaultAsync("c1", "interrupt", "yum", "cleanup");
        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath, "--canary", "0");
        Assert.Equal(1, run.ExitCode);
        var id = Workspace.InstanceIdIn(run.Stdout);

        var restore = await workspace.RunAsync("restore", id, "--node", "c1");

        Assert.True(restore.ExitCode == 0, restore.ToString());
        await seeded.AssertNodeRestoredAsync("c1");
        Assert.Contains(lab.Journal("c1"), l => l.Contains("yum-complete-transaction", StringComparison.Ordinal)); // the cut transaction was completed first
        Assert.Equal("Cancelled", (await workspace.InstanceAsync(id)).Summary.Status.ToString());
        var second = await workspace.RunAsync("restore", id, "--node", "c2", "--plan");
        Assert.True(second.ExitCode == 0, second.ToString()); // the first restore ended: another may follow
    }

    [Fact]
    public async Task Restore_KilledDuringItsPackageTransaction_ResumesAndCompletesWithoutASecondTransaction()
    {
        await using var lab = await Lab.StartAsync(2, "ctl:centos7:control", "c1:centos7:compute");
        using var workspace = new Workspace();
        var seeded = new SeededCluster(lab);
        await seeded.RememberAsync();
        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath);
        Assert.True(run.ExitCode == 0, run.ToString());
        var id = Workspace.InstanceIdIn(run.Stdout);

        string restoreId;
        var refused = await workspace.RunAsync("restore", id, "--node", "c1"); // after the etcdv3 delete: only with the data back
        Assert.Contains("restore the whole cluster (saga restore ID --all)", refused.Stderr, StringComparison.Ordinal);
        using (var doomed = workspace.Start("restore", id, "--all"))
        {
            try
            {
                await workspace.WaitForLogAsync("Executing activity install-recorded-versions");
            }
            catch (OperationCanceledException)
            {
                Assert.Fail($"the restore did not reach its package step:\n{doomed.Stdout}\n{doomed.Stderr}\n{workspace.Log()[^Math.Min(3000, workspace.Log().Length)..]}");
            }

            doomed.Kill();
            restoreId = System.Text.RegularExpressions.Regex.Match(doomed.Stdout, @"Started restore (\w+)").Groups[1].Value;
        }

        var resumed = await workspace.RunAsync("resume", restoreId);

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        await seeded.AssertNodeRestoredAsync("c1");
        await seeded.AssertNodeRestoredAsync("ctl");
        await seeded.AssertEtcdRestoredAsync();
        Assert.Equal(1, lab.Count("c1", "yum -y install"));
    }

    [Fact]
    public async Task OnNodeFailureRestore_ComputeNodeFailingAtTheFelixCheck_IsBackAt31AndTheRunFaultsNamingIt()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute", "c2:centos7:compute");
        using var workspace = new Workspace();
        var inventory = File.ReadAllText(lab.InventoryPath).Replace("  maxFailures: 0", "  maxFailures: 1\n  onNodeFailure: restore", StringComparison.Ordinal);
        File.WriteAllText(lab.InventoryPath, inventory);
        var seeded = new SeededCluster(lab);
        await seeded.RememberAsync();
        await lab.FaultAsync("c2", "fail-once", "calico-felix", "--version");

        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath, "--canary", "0");

        Assert.True(run.ExitCode == 1, run.ToString());
        var id = Workspace.InstanceIdIn(run.Stdout);
        var summary = (await workspace.InstanceAsync(id)).Summary;
        Assert.Equal("Faulted", summary.Status.ToString());
        Assert.Equal("compute-rest", summary.FaultActivityId);
        Assert.Contains("c2 (faulted at verify-felix", summary.FaultMessage, StringComparison.Ordinal);
        Assert.True(summary.FaultMessage!.Contains("Restored to 3.1 (fanOut.onNodeFailure: restore): c2", StringComparison.Ordinal), summary.FaultMessage + "\n" + workspace.Log());
        await seeded.AssertNodeRestoredAsync("c2"); // package database, felix.cfg and the other files as seeded, felix 3.1 running
        Assert.Matches(@"^Version:\s+v?2\.6\.", await lab.SshAsync("c1", "calico-felix --version")); // the other node went on
        await seeded.AssertEtcdV3AsSeededAsync(); // never reached the gate or the delete
    }

    [Fact]
    public async Task Restore_IsRefusedWhileTheRunWaitsAndForAnUnknownNode()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute", "c2:centos7:compute");
        using var workspace = new Workspace();
        var inventory = File.ReadAllText(lab.InventoryPath).Replace("afterCanary: false", "afterCanary: true", StringComparison.Ordinal);
        File.WriteAllText(lab.InventoryPath, inventory);
        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath, "--canary", "1");
        Assert.Equal(ExitCodesWaiting, run.ExitCode);
        var id = Workspace.InstanceIdIn(run.Stdout);

        var waiting = await workspace.RunAsync("restore", id, "--node", "c1");
        await workspace.RunAsync("cancel", id);
        var unknown = await workspace.RunAsync("restore", id, "--node", "c11");

        Assert.NotEqual(0, waiting.ExitCode);
        Assert.Contains($"run {id} is waiting at approve-canary", waiting.Stderr, StringComparison.Ordinal);
        Assert.Contains("saga cancel", waiting.Stderr, StringComparison.Ordinal);
        Assert.NotEqual(0, unknown.ExitCode);
        Assert.Contains("the run has no node 'c11'; did you mean 'c1'?", unknown.Stderr, StringComparison.Ordinal);
    }

    private const int ExitCodesWaiting = 3;

    /// <summary>
    /// The report of the downgraded run gives each node the versions the lab seeded as before, and as after those its
    /// package manager reported once the run had finished.
    /// </summary>
    private static void AssertReportVersions(Lab lab, SeededCluster seeded, SagaProcess report, Dictionary<string, IReadOnlyDictionary<string, string>> live)
    {
        Assert.True(report.ExitCode == 0, report.ToString());
        using var document = JsonDocument.Parse(report.Stdout);
        var nodes = document.RootElement.GetProperty("nodes").EnumerateArray().ToList();
        Assert.Equal(lab.Inventory.Nodes.Select(n => n.Name), nodes.Select(n => n.GetProperty("name").GetString()));
        foreach (var node in nodes)
        {
            var name = node.GetProperty("name").GetString()!;
            var before = node.GetProperty("versionsBefore").Deserialize<Dictionary<string, string>>()!;
            var after = node.GetProperty("versionsAfter").Deserialize<Dictionary<string, string>>()!;
            Assert.Equal(seeded.Versions(name).OrderBy(v => v.Key), before.OrderBy(v => v.Key));
            Assert.Equal(live[name].Where(v => before.ContainsKey(v.Key)).OrderBy(v => v.Key), after.OrderBy(v => v.Key));
            Assert.NotEqual(before.OrderBy(v => v.Key), after.OrderBy(v => v.Key));
            Assert.Equal("downgraded to 2.6", node.GetProperty("finalState").GetString());
        }
    }
}
