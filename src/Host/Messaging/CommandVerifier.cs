using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Saga.Contracts;

namespace Saga.Host.Messaging;

/// <summary>What the host made of a command's signature.</summary>
/// <param name="Accepted">It may run.</param>
/// <param name="KeyId">The key that signed it, when one did.</param>
/// <param name="Reason">Why it was refused.</param>
internal sealed record CommandVerdict(bool Accepted, string? KeyId, string? Reason);

/// <summary>
/// Checks the commands that arrive on <see cref="Queues.Commands"/>: signed with a key this host holds
/// (<c>Saga:Bus:CommandKeys:{keyId}</c>), issued within <see cref="MaxAge"/> of now (either way), and with a nonce not
/// seen in that window. A host without keys on the in-memory transport takes unsigned commands: only its own process
/// can send them. Nonces are remembered by this process: several hosts on one queue each catch a replay that reaches them.
/// </summary>
internal sealed class CommandVerifier(IOptions<BusOptions> options, TimeProvider time)
{
    /// <summary>How old (or how far ahead of this host's clock) a command may be.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, DateTimeOffset> seen = new(StringComparer.Ordinal);

    public CommandVerdict Verify(ISignedCommand command)
    {
        ArgumentNullException.ThrowIfNull(command);
        var keys = options.Value.CommandKeys;
        if (keys.Count == 0 && options.Value.Transport == BusTransport.InMemory)
            return new CommandVerdict(true, null, null);
        if (string.IsNullOrEmpty(command.KeyId) || command.IssuedAt is null || string.IsNullOrEmpty(command.Nonce) || string.IsNullOrEmpty(command.Signature))
            return Refused(command, "it is not signed (KeyId, IssuedAt, Nonce and Signature are required)");
        if (!keys.TryGetValue(command.KeyId, out var key) || string.IsNullOrEmpty(key))
            return Refused(command, $"this host holds no command key '{command.KeyId}'");
        if (!CommandSignature.IsValid(command, key))
            return Refused(command, $"its signature does not match key '{command.KeyId}'");

        var now = time.GetUtcNow();
        var issued = DateTimeOffset.FromUnixTimeSeconds(Math.Clamp(command.IssuedAt.Value, -62135596800L, 253402300799L));
        if ((now - issued).Duration() > MaxAge)
            return Refused(command, $"it was issued at {issued:u}, more than {MaxAge.TotalMinutes:0} minutes from this host's clock ({now:u})");
        Forget(now);
        if (!seen.TryAdd(command.KeyId + "\n" + command.Nonce, issued + MaxAge))
            return Refused(command, $"its nonce was used before (a replay); send a new command");
        return new CommandVerdict(true, command.KeyId, null);
    }

    private static CommandVerdict Refused(ISignedCommand command, string reason) => new(false, command.KeyId, reason);

    private void Forget(DateTimeOffset now)
    {
        foreach (var (nonce, until) in seen)
        {
            if (until < now)
                seen.TryRemove(nonce, out _);
        }
    }
}
