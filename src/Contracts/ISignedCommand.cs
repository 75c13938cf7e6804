namespace Saga.Contracts;

/// <summary>
/// A command on <see cref="Queues.Commands"/>: it carries who signed it and an HMAC-SHA256 over everything else it
/// says (<see cref="CommandSignature"/>). Hosts refuse a command whose signature does not check out with the key
/// <see cref="KeyId"/> names, one issued more than five minutes ago (or ahead), and a nonce they saw in that window.
/// </summary>
public interface ISignedCommand
{
    /// <summary>The instance the command is about.</summary>
    string InstanceId { get; }

    /// <summary>The name of the key that signed it; hosts hold it as <c>Saga:Bus:CommandKeys:{KeyId}</c>.</summary>
    string? KeyId { get; }

    /// <summary>When it was signed, in Unix seconds (UTC).</summary>
    long? IssuedAt { get; }

    /// <summary>A value used once, so the same command cannot be sent again within the window.</summary>
    string? Nonce { get; }

    /// <summary>Base64 of the HMAC-SHA256 of <see cref="CommandSignature.Canonical"/>, keyed with the key's UTF-8 bytes.</summary>
    string? Signature { get; }
}
