using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Saga.Activities.Inventory;
using Saga.Activities.Nodes;
using Saga.Activities.Nodes.Ssh;
using Saga.Engine;
using Saga.Engine.Commands;
using Saga.Tests.Lab;

namespace Saga.Activities.Tests.OnLab;

/// <summary>One lab for the SSH tests: a CentOS control node and trusty and xenial compute nodes.</summary>
public sealed class NodeLab : IAsyncLifetime
{
    public Lab Lab { get; private set; } = null!;

    public ClusterInventory Inventory { get; private set; } = null!;

    public NodeSpec Centos => Inventory.Node("ctl");

    public NodeSpec Trusty => Inventory.Node("cmp-u");

    public NodeSpec Xenial => Inventory.Node("cmp-x");

    public async ValueTask InitializeAsync()
    {
        Lab = await Saga.Tests.Lab.Lab.StartAsync("ctl:centos7:control", "cmp-u:trusty:compute", "cmp-x:xenial:compute", "spare:centos7:compute");
        Inventory = Lab.Inventory;
    }

    public async ValueTask DisposeAsync() => await Lab.DisposeAsync();

    /// <summary>Saves files a step changes into /root/saved on the node, as NodeBackup does into the instance's folder.</summary>
    internal static ShellCommand Backup(IEnumerable<string> files) => ShellCommand.Script(true, "mkdir -p /root/saved && cp -p -- \"$@\" /root/saved/", [.. files]);

    /// <summary>A shell with short retries, so failure tests stay quick.</summary>
    internal static SshNodeShell Shell(int attempts = 2, string? passphrase = null) => Shell(Connections(attempts, passphrase));

    internal static SshNodeShell Shell(SshConnections connections) =>
        new(connections, new NodeCommandLog(Options.Create(new EngineOptions())), TimeProvider.System, NullLogger<SshNodeShell>.Instance);

    /// <summary>The connection pool a shell uses; as <c>saga serve</c> has one per process, tests share one between runs.</summary>
    internal static SshConnections Connections(int attempts = 2, string? passphrase = null) =>
        SshConnections.Create(new SshOptions { ConnectAttempts = attempts, RetryDelay = TimeSpan.FromMilliseconds(100) }, () => passphrase);
}
