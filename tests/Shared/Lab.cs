using System.Diagnostics;
using Saga.Activities.Inventory;

namespace Saga.Tests.Lab;

/// <summary>
/// A lab of simulated nodes (tests/lab): real OpenSSH servers on loopback addresses, each chrooted into a node root
/// with stand-ins for yum, apt, systemctl and the rest, plus an etcd. Started by the project's scripts, stopped on dispose.
/// </summary>
public sealed class Lab : IAsyncDisposable
{
    /// <summary>The folder every lab is made in.</summary>
    public const string Root = "/var/lib/saga-lab";

    private static int next = (Environment.ProcessId % 9) * 25;

    private Lab(string directory, string subnet)
    {
        Directory = directory;
        Subnet = subnet;
    }

    /// <summary>The lab's folder: inventory.yaml, client key, known_hosts, nodes/NAME/root.</summary>
    public string Directory { get; }

    public string Subnet { get; }

    public string InventoryPath => Path.Combine(Directory, "inventory.yaml");

    public ClusterInventory Inventory => InventoryLoader.Load(InventoryPath);

    /// <summary>Starts nodes given as <c>name:os:role</c> (os: centos7, trusty, xenial; role: control, compute).</summary>
    public static async Task<Lab> StartAsync(params string[] nodes) => await StartAsync(null, nodes);

    /// <summary>Starts nodes on a subnet of its own; a subnet another lab holds (another test run on the machine) is left for the next one.</summary>
    public static async Task<Lab> StartAsync(int? delayPackagesSeconds, params string[] nodes)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartAsync($"{Root}/t-{Guid.NewGuid().ToString("N")[..12]}", $"127.0.{20 + (Interlocked.Increment(ref next) % 230)}", delayPackagesSeconds, nodes);
            }
            catch (InvalidOperationException e) when (attempt < 5 && e.Message.Contains("already in use", StringComparison.Ordinal))
            {
                Interlocked.Add(ref next, 37); // somewhere else in the range
            }
        }
    }

    /// <summary>Starts nodes in a lab folder and on a subnet chosen by the caller (a benchmark given its own range).</summary>
    public static async Task<Lab> StartAsync(string directory, string subnet, int? delayPackagesSeconds, params string[] nodes)
    {
        var lab = new Lab(directory, subnet);
        string[] delay = delayPackagesSeconds is { } s ? ["--delay-packages", s.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        try
        {
            await RunAsync("up", ["--dir", lab.Directory, "--subnet", subnet, .. delay, .. nodes]);
        }
        catch
        {
            await lab.DisposeAsync(); // whatever part of the lab came up goes down again
            throw;
        }

        return lab;
    }

    public Task FaultAsync(string node, params string[] fault) => RunAsync("fault", ["--dir", Directory, node, .. fault]);

    /// <summary>Every state change the node's stand-ins made, one line each: <c>epoch command args</c>.</summary>
    public IReadOnlyList<string> Journal(string node) =>
        File.Exists(NodePath(node, "/var/log/lab-journal")) ? File.ReadAllLines(NodePath(node, "/var/log/lab-journal")) : [];

    public int Count(string node, string commandPrefix) => Journal(node).Count(l => l.Split(' ', 2) is [_, var command] && command.StartsWith(commandPrefix, StringComparison.Ordinal));

    public string NodePath(string node, string path) => Path.Combine(Directory, "nodes", node, "root", path.TrimStart('/'));

    public string ReadNodeFile(string node, string path) => File.ReadAllText(NodePath(node, path));

    public async ValueTask DisposeAsync() => await RunAsync("down", ["--dir", Directory]);

    /// <summary>The lab's OpenSSH client configuration: a Host per node and the bastion (nodes behind it have ProxyJump bastion).</summary>
    public string SshConfigPath => Path.Combine(Directory, "ssh_config");

    /// <summary>Runs a command on a node with the OpenSSH client, as an operator would; returns standard output.</summary>
    public async Task<string> SshAsync(string node, string command)
    {
        var spec = Inventory.Node(node);
        string[] arguments = spec.Ssh.ProxyJump.Count > 0
            ? ["-F", SshConfigPath, node, command] // through the bastion; ssh -J would not pass -i and -o on to the jump
            : ["-i", Path.Combine(Directory, "client", "id_ed25519"), "-o", $"UserKnownHostsFile={Path.Combine(Directory, "known_hosts")}",
                "-o", "StrictHostKeyChecking=yes", "-o", "BatchMode=yes", $"root@{spec.Host}", command];
        var (code, output) = await ExecAsync("ssh", arguments);
        return code == 0 ? output : throw new InvalidOperationException($"ssh {node} '{command}' failed ({code}): {output}");
    }

    /// <summary>The etcd Calico 2.6 ran on (the inventory's etcd.v2).</summary>
    public string EtcdV2 => $"http://{Subnet}.2:2379";

    /// <summary>The etcd beside it that holds what calico-upgrade migrated (the inventory's etcd.v3).</summary>
    public string EtcdV3 => $"http://{Subnet}.3:2379";

    /// <summary>etcdctl from this machine: the v2 API against <see cref="EtcdV2"/>, the v3 API against <see cref="EtcdV3"/>.</summary>
    public Task<string> EtcdctlAsync(int api, params string[] arguments) => EtcdctlAsync(api == 2 ? EtcdV2 : EtcdV3, api, arguments);

    /// <summary>etcdctl from this machine against either etcd.</summary>
    public static async Task<string> EtcdctlAsync(string endpoint, int api, params string[] arguments)
    {
        var (code, output) = await ExecAsync("etcdctl", ["--endpoints", endpoint, .. arguments], new Dictionary<string, string> { ["ETCDCTL_API"] = $"{api}" });
        return code == 0 || api == 2 ? output : throw new InvalidOperationException($"etcdctl {string.Join(' ', arguments)} failed ({code}): {output}");
    }

    private static async Task<(int Code, string Output)> ExecAsync(string program, string[] arguments, Dictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (key, value) in environment ?? [])
            info.Environment[key] = value;
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout + await stderr);
    }

    private static Task<string> RunAsync(string script, string[] arguments) => RepositoryScripts.RunAsync($"tests/lab/{script}", arguments);
}
