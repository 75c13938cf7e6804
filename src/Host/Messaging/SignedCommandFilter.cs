using MassTransit;
using Microsoft.Extensions.Logging;
using Saga.Contracts;

namespace Saga.Host.Messaging;

/// <summary>
/// On <see cref="Queues.Commands"/>, in front of every consumer: a command whose signature, age or nonce does not check
/// out (<see cref="CommandVerifier"/>) never reaches its consumer. It is acknowledged, answered with
/// <see cref="CommandRejected"/>, and logged as a warning with the key id and where it came from.
/// </summary>
internal sealed class SignedCommandFilter<T>(CommandVerifier verifier, TimeProvider time, ILogger<SignedCommandFilter<T>> logger) : IFilter<ConsumeContext<T>>
    where T : class
{
    public async Task Send(ConsumeContext<T> context, IPipe<ConsumeContext<T>> next)
    {
        if (context.Message is not ISignedCommand command)
        {
            // Only commands belong on this queue; anything else is refused the same way.
            logger.LogWarning("{Message} on {Queue} from {SourceAddress} refused: not a command", typeof(T).Name, Queues.Commands, context.SourceAddress);
            await context.NotifyConsumed(context, TimeSpan.Zero, nameof(SignedCommandFilter<T>));
            return;
        }

        var verdict = verifier.Verify(command);
        if (!verdict.Accepted)
        {
            logger.LogWarning("{Command} for {InstanceId} refused: {Reason} (key id {KeyId}, from {SourceAddress})",
                typeof(T).Name, command.InstanceId, verdict.Reason, verdict.KeyId ?? "(none)", context.SourceAddress);
            await context.Publish(new CommandRejected(command.InstanceId, typeof(T).Name, verdict.Reason!, time.GetUtcNow().UtcDateTime), context.CancellationToken);
            await context.NotifyConsumed(context, TimeSpan.Zero, nameof(SignedCommandFilter<T>));
            return;
        }

        await next.Send(context);
    }

    public void Probe(ProbeContext context) => context.CreateFilterScope("signed-command");
}
