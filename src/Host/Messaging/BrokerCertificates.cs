using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Saga.Host.Messaging;

/// <summary>Checks the broker's TLS certificate: against the system's authorities, or only the one <see cref="RabbitMqOptions.CaCertificateFile"/> names.</summary>
internal static class BrokerCertificates
{
    /// <summary>A validation that trusts <paramref name="caFile"/>'s authority alone, the name checked as the system check does; null for the system's authorities.</summary>
    public static RemoteCertificateValidationCallback? Validation(string? caFile)
    {
        if (string.IsNullOrWhiteSpace(caFile))
            return null;
        if (!File.Exists(caFile))
            throw new FileNotFoundException($"Saga:Bus:RabbitMq:CaCertificateFile: {caFile} does not exist.", caFile);
        var authorities = new X509Certificate2Collection();
        authorities.ImportFromPemFile(caFile);
        if (authorities.Count == 0)
            throw new InvalidDataException($"Saga:Bus:RabbitMq:CaCertificateFile: {caFile} holds no PEM certificate.");
        return (_, certificate, _, errors) => IsTrusted(certificate, errors, authorities);
    }

    /// <summary>The name matches, and the certificate chains to one of <paramref name="authorities"/>.</summary>
    public static bool IsTrusted(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var presented = new X509Certificate2(certificate);
        return chain.Build(presented);
    }
}
