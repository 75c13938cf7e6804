using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Contracts;

namespace Saga.Host.Messaging;

/// <summary>What the command consumers share: the id rule, and refusing a command with an event that says why.</summary>
internal static class Commands
{
    /// <summary>Instance ids in commands: 32 hex digits, as a Guid formatted "N".</summary>
    public static bool IsValidId(string? id) => id is { Length: 32 } && id.All(char.IsAsciiHexDigit);

    public static async Task RejectAsync<T>(ConsumeContext<T> context, string instanceId, string reason, TimeProvider time, ILogger logger)
        where T : class
    {
        logger.LogWarning("{Command} for {InstanceId} refused: {Reason}", typeof(T).Name, instanceId, reason);
        await context.Publish(new CommandRejected(instanceId, typeof(T).Name, reason, time.GetUtcNow().UtcDateTime), context.CancellationToken);
    }
}
