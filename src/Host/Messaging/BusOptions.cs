using System.ComponentModel.DataAnnotations;

namespace Saga.Host.Messaging;

/// <summary>The message bus (<c>Saga:Bus</c>): MassTransit's in-memory transport, or RabbitMQ for workers on other hosts.</summary>
internal sealed class BusOptions
{
    public const string Section = "Saga:Bus";

    /// <summary><see cref="BusTransport.InMemory"/> (one process does everything) or <see cref="BusTransport.RabbitMq"/>.</summary>
    public BusTransport Transport { get; set; } = BusTransport.InMemory;

    /// <summary>Compute nodes one process runs at once at most; the fan-out's <c>parallel</c> is the cluster-wide limit.</summary>
    [Range(1, 1024)]
    public int NodeConcurrency { get; set; } = 64;

    /// <summary>
    /// Whether <c>saga run</c>, <c>resume</c> and <c>serve</c> run compute nodes themselves. On RabbitMQ, set it to
    /// false to leave node work to <c>saga worker</c> processes. The in-memory transport always runs them here.
    /// </summary>
    public bool RunNodesHere { get; set; } = true;

    [Required]
    public RabbitMqOptions RabbitMq { get; set; } = new();

    /// <summary>
    /// The keys commands on <c>saga-commands</c> may be signed with, by name (<c>Saga:Bus:CommandKeys:{keyId}</c>): one
    /// per operator or system, so each can be rotated or revoked alone. Each at least 32 characters.
    /// </summary>
    /// <value>Default: none. <c>saga serve</c> on RabbitMQ refuses to start without one; on the in-memory transport, where only
    /// the process itself can send, a host without keys takes unsigned commands.</value>
    public Dictionary<string, string> CommandKeys { get; set; } = new(StringComparer.Ordinal);
}

internal enum BusTransport
{
    InMemory,
    RabbitMq,
}

/// <summary>The broker (<c>Saga:Bus:RabbitMq</c>); every key can come from the environment, <c>Saga__Bus__RabbitMq__Password</c>.</summary>
internal sealed class RabbitMqOptions
{
    [Required]
    public string Host { get; set; } = "localhost";

    [Range(1, 65535)]
    public int Port { get; set; } = 5672;

    [Required]
    public string VirtualHost { get; set; } = "/";

    [Required]
    public string Username { get; set; } = "guest";

    public string Password { get; set; } = "guest";

    /// <summary>How long a publish waits for the broker's confirm, and a connection attempt for the broker.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Talk to the broker over TLS (its <c>amqps</c> port, usually 5671: set <see cref="Port"/> too).</summary>
    /// <value>Default: false.</value>
    public bool UseTls { get; set; }

    /// <summary>The name the broker's certificate must carry.</summary>
    /// <value>Default: <see cref="Host"/>.</value>
    public string? ServerName { get; set; }

    /// <summary>A PEM file with the certificate authority the broker's certificate must chain to, instead of the system's.</summary>
    /// <value>Default: none; the system's trusted authorities.</value>
    public string? CaCertificateFile { get; set; }
}
