using System.Text.Json;
using Saga.Host.Tests.Support;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Downgrade;

/// <summary>
/// saga report of a run where nodes ended differently, against a lab of real SSH nodes: what the report says of each
/// node is checked against what the lab's stand-ins recorded, and the HTML is rendered in chromium.
/// </summary>
public sealed class MixedRunReportTests
{
    [Fact]
    public async Task Report_OfARunWithDowngradedFailedAndRestoredNodes_MatchesTheLabsJournalsAndRendersInChromium()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:centos7:compute", "c2:centos7:compute", "x1:xenial:compute");
        using var workspace = new Workspace();
        File.WriteAllText(lab.InventoryPath, File.ReadAllText(lab.InventoryPath).Replace("  maxFailures: 0", "  maxFailures: 1\n  onNodeFailure: restore", StringComparison.Ordinal));
        var seeded = new SeededCluster(lab);
        await seeded.RememberAsync();
        await lab.FaultAsync("c2", "fail-once", "calico-felix", "--version"); // c2 fails at the felix check and is restored at once
        var run = await workspace.RunAsync("run", "-i", lab.InventoryPath, "--canary", "0");
        Assert.True(run.ExitCode == 1, run.ToString());
        var id = Workspace.InstanceIdIn(run.Stdout);
        var live = new Dictionary<string, IReadOnlyDictionary<string, string>>();
        foreach (var node in lab.Inventory.Nodes)
            live[node.Name] = await seeded.VersionsAsync(node);
        var restore = await workspace.RunAsync("restore", id, "--node", "c1"); // and c1 is put back by hand afterwards
        Assert.True(restore.ExitCode == 0, restore.ToString());

        var json = await workspace.RunAsync("report", id, "--format", "json");
        var markdown = await workspace.RunAsync("report", id);
        var file = Path.Combine(workspace.Folder, "report.html");
        var html = await workspace.RunAsync("report", id, "--format", "html", "-o", file);

        Assert.True(json.ExitCode == 0 && markdown.ExitCode == 0 && html.ExitCode == 0, $"{json}\n{markdown}\n{html}");
        using var document = JsonDocument.Parse(json.Stdout);
        var root = document.RootElement;
        Assert.Equal(("osUser", Environment.UserName), (root.GetProperty("startedBy").GetProperty("kind").GetString(), root.GetProperty("startedBy").GetProperty("id").GetString()));
        var restoreLine = Assert.Single(root.GetProperty("restores").EnumerateArray());
        Assert.Equal("osUser", restoreLine.GetProperty("startedBy").GetProperty("kind").GetString());
        var nodes = root.GetProperty("nodes").EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString()!);
        Assert.Equal(lab.Inventory.Nodes.Select(n => n.Name), nodes.Keys);
        foreach (var (name, node) in nodes)
        {
            var before = node.GetProperty("versionsBefore").Deserialize<Dictionary<string, string>>()!;
            var after = node.GetProperty("versionsAfter").Deserialize<Dictionary<string, string>>()!;
            var restored = name is "c1" or "c2";
            Assert.Equal(seeded.Versions(name).OrderBy(v => v.Key), before.OrderBy(v => v.Key));
            Assert.Equal((restored ? before : live[name].Where(v => before.ContainsKey(v.Key))).OrderBy(v => v.Key), after.OrderBy(v => v.Key));
            AssertJournalAgrees(lab, name, restored, node);
        }

        Assert.Contains("(fanOut.onNodeFailure: restore)", nodes["c2"].GetProperty("finalState").GetString(), StringComparison.Ordinal);
        Assert.Contains(nodes["c2"].GetProperty("restores").EnumerateArray(), r => r.GetProperty("startedBy").GetProperty("kind").GetString() == "saga");
        Assert.StartsWith("restored to its state before the run by restore ", nodes["c1"].GetProperty("finalState").GetString(), StringComparison.Ordinal);
        Assert.Equal("downgraded to 2.6", nodes["x1"].GetProperty("finalState").GetString());
        Assert.Contains(nodes["c2"].GetProperty("commands").EnumerateArray(),
            c => c.GetProperty("command").GetString() == "calico-felix --version" && c.GetProperty("exitCode") is { ValueKind: JsonValueKind.Number } exit && exit.GetInt32() == 1); // the lab's fault, as the stand-in exited
        Assert.Contains("-DatastoreType = etcdv3", nodes["x1"].GetProperty("felixCfgDiff").EnumerateArray().Select(l => l.GetString()));
        Assert.Contains("| exit | seconds |", markdown.Stdout, StringComparison.Ordinal);

        await using var browser = await ReportBrowser.OpenAsync(file);
        var screen = await browser.ScreenshotAsync("mixed-run");
        var printed = await browser.ScreenshotAsync("mixed-run-print", print: true);
        Assert.Empty(browser.Requests);
        Assert.Equal(lab.Inventory.Nodes.Count, await browser.Page.Locator("section h2").CountAsync());
        Assert.Contains("Node x1", await browser.Page.Locator("section h2").AllInnerTextsAsync());
        Assert.True(new FileInfo(screen).Length > 10_000 && new FileInfo(printed).Length > 10_000, $"{screen}, {printed}");
    }

    /// <summary>
    /// What the lab's stand-ins recorded on the node agrees with the report: each package transaction they ran is one of
    /// the node's commands there, and a restored node had its 3.1 packages installed again after its downgrade.
    /// </summary>
    private static void AssertJournalAgrees(Lab lab, string name, bool restored, JsonElement node)
    {
        var commands = node.GetProperty("commands").EnumerateArray().Select(c => (Text: c.GetProperty("command").GetString()!, Exit: c.TryGetProperty("exitCode", out var e) && e.ValueKind == JsonValueKind.Number ? e.GetInt32() : (int?)null)).ToList();
        var transactions = lab.Journal(name).Select(l => l.Split(' ', 2)[1])
            .Where(c => c.StartsWith("yum -y downgrade", StringComparison.Ordinal) || c.StartsWith("yum -y install", StringComparison.Ordinal) || (c.StartsWith("apt-get", StringComparison.Ordinal) && c.Contains(" install", StringComparison.Ordinal)))
            .ToList();
        Assert.NotEmpty(transactions);
        foreach (var transaction in transactions)
        {
            var verb = transaction.Contains("downgrade", StringComparison.Ordinal) ? "downgrade" : "install";
            Assert.True(commands.Any(c => c.Text.StartsWith("start detached transaction", StringComparison.Ordinal) && c.Text.Contains(verb, StringComparison.Ordinal)),
                $"{name}: the lab ran '{transaction}'; the report has no such command:\n{string.Join("\n", commands.Select(c => c.Text))}");
        }

        if (transactions[0].StartsWith("yum", StringComparison.Ordinal)) // apt-get downgrades with install too
            Assert.Equal(restored, transactions[^1].StartsWith("yum -y install", StringComparison.Ordinal) && transactions.Count > 1);
        Assert.All(commands, c => Assert.False(string.IsNullOrWhiteSpace(c.Text)));
        Assert.Contains(commands, c => c.Exit == 0);
    }
}
