using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Contracts;
using Saga.Engine.Activities;

namespace Saga.Host.Messaging;

/// <summary>What the command consumers share: the id rule, and refusing a command with an event that says why.</summary>
internal static class Commands
{
    /// <summary>Instance ids in commands: 32 hex digits, as a Guid formatted "N".</summary>
    public static bool IsValidId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigit);

    /// <summary>
    /// Who sent <paramref name="command"/>: the key that signed it (<see cref="SignedCommandFilter{T}"/> let through only
    /// commands whose signature checks out), or the in-process bus for an unsigned one (a host without a broker).
    /// </summary>
    public static Actor Sender(ISignedCommand command) => command.KeyId is { } key ? Actor.BusKey(key) : Actor.InProcessBus;

    public static async Task RejectAsync<T>(ConsumeContext<T> context, string instanceId, string reason, TimeProvider time, ILogger logger)
        where T : class
    {
        logger.LogWarning("{Command} for {InstanceId} refused: {Reason}", typeof(T).Name, instanceId, reason);
        await context.Publish(new CommandRejected(instanceId, typeof(T).Name, reason, time.GetUtcNow().UtcDateTime), context.CancellationToken);
    }
}
