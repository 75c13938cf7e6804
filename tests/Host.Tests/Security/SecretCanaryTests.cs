using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Saga.Engine.Instances;
using Saga.Host.Tests.Bus;
using Saga.Tests.Lab;

namespace Saga.Host.Tests.Security;

/// <summary>
/// A secret on a node (networking-calico's etcd_password, a password in felix.cfg) that saga reads never leaves it:
/// not into the store (its journal and the remote commands it keeps), the logs, the events on the bus, any HTTP answer
/// nor the run's report; only its key, masked. The node's own copies of the files (the run's backups) are root's alone.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class SecretCanaryTests
{
    private const string ApiKey = "canary-test-api-key-0123456789abcdef";

    [Fact]
    public async Task Canary_password_in_neutron_conf_and_felix_cfg_is_nowhere_in_the_store_logs_bus_events_or_HTTP_answers_and_its_backups_are_0700()
    {
        await using var lab = await Lab.StartAsync("ctl:centos7:control", "c1:xenial:compute");
        await using var broker = await Broker.StartAsync();
        await using var observer = await BusObserver.StartAsync(broker);
        using var hosts = new BusHosts(broker);
        var canary = "canary-" + Guid.NewGuid().ToString("N");
        foreach (var node in new[] { "ctl", "c1" })
        {
            Plant(lab.NodePath(node, "/etc/neutron/neutron.conf"), "[calico]", $"etcd_password = {canary}");
            Plant(lab.NodePath(node, "/etc/calico/felix.cfg"), "[global]", $"EtcdPassword = {canary}"); // felix ignores a key it does not know
        }

        hosts.Workspace.Environment["Saga__Api__Key"] = ApiKey;
        var port = FreePort();
        hosts.Serve(runNodes: true, urls: $"http://127.0.0.1:{port}");
        var id = await hosts.TriggerStartAsync("-i", lab.InventoryPath, "--canary", "0");
        var done = await hosts.WaitForEndAsync(id);
        await observer.WaitForAsync<Saga.Contracts.DowngradeFinished>(e => e.InstanceId == id);

        var answers = await HttpAnswersAsync(port, id, (await hosts.Workspace.ChildrenAsync(id)).Select(c => c.Summary.Id));
        var preflight = done.Journal.Single(j => j.ActivityId == "preflight" && j.EventName == "Executed");
        Assert.True(done.Summary.Status == InstanceStatus.Finished, $"{done.Summary.Status}: {done.Summary.FaultMessage}\n{hosts}");
        Assert.Contains("etcd_password = ***", preflight.Output, StringComparison.Ordinal); // it was read, and masked
        Assert.DoesNotContain(canary, StoreText(hosts), StringComparison.Ordinal);
        Assert.DoesNotContain(canary, hosts.Workspace.Log(), StringComparison.Ordinal);
        Assert.DoesNotContain(canary, string.Join("\n", observer.Events.Select(e => JsonSerializer.Serialize(e, e.GetType()))), StringComparison.Ordinal);
        Assert.DoesNotContain(canary, answers, StringComparison.Ordinal);
        Assert.Contains(id, answers, StringComparison.Ordinal); // the answers were about this run
        foreach (var format in new[] { "markdown", "html", "json" })
        {
            var report = await hosts.Workspace.RunAsync("report", id, "--format", format);
            Assert.True(report.ExitCode == 0, report.ToString());
            Assert.DoesNotContain(canary, report.Stdout, StringComparison.Ordinal);
            Assert.Contains("felix.cfg", report.Stdout, StringComparison.Ordinal); // commands that read the files are there
        }

        foreach (var folder in new[] { "/var/backups/saga", $"/var/backups/saga/{id}" }.SelectMany(f => new[] { lab.NodePath("ctl", f), lab.NodePath("c1", f) }))
            Assert.Equal((folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute), (folder, File.GetUnixFileMode(folder))); // the copies hold the password
    }

    /// <summary>Puts <paramref name="line"/> right under <paramref name="section"/>'s header.</summary>
    private static void Plant(string file, string section, string line)
    {
        var lines = File.ReadAllLines(file).ToList();
        var at = lines.FindIndex(l => l.Trim() == section);
        Assert.True(at >= 0, $"{file} has no {section}");
        lines.Insert(at + 1, line);
        File.WriteAllLines(file, lines);
    }

    /// <summary>The SQLite store, its WAL included, as text: a value written anywhere in it is found.</summary>
    private static string StoreText(BusHosts hosts) =>
        string.Concat(new[] { "", "-wal" }.Select(s => hosts.Workspace.StorePath + s).Where(File.Exists).Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return Encoding.Latin1.GetString(copy.ToArray());
        }));

    /// <summary>Every answer the host gives about the run and its nodes, with the key.</summary>
    private static async Task<string> HttpAnswersAsync(int port, string id, IEnumerable<string> children)
    {
        using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        var answers = new StringBuilder();
        foreach (var instance in children.Prepend(id))
        {
            foreach (var path in new[] { $"/api/instances/{instance}", $"/elsa/v1/workflow-instances/{instance}", $"/elsa/v1/workflow-instances/{instance}/execution-log" })
            {
                using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);
                Assert.True(response.IsSuccessStatusCode, $"GET {path}: {(int)response.StatusCode}");
                answers.AppendLine(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
            }
        }

        answers.AppendLine(await client.GetStringAsync("/api/instances", TestContext.Current.CancellationToken));
        answers.AppendLine(await client.GetStringAsync("/elsa/v1/workflow-instances", TestContext.Current.CancellationToken));
        return answers.ToString();
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
