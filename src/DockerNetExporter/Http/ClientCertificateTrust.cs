using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DockerNetExporter.Configuration;

namespace DockerNetExporter.Http;

/// <summary>
/// Client certificates as the exporter toolkit's client_auth_type and client_allowed_sans say: the
/// Require* types fail the handshake without one; the Verify* types accept only one for client
/// authentication that chains, through any intermediates the client sent, to client_ca_file, or to
/// the system's trusted CAs when there is none (as Go does); with client_allowed_sans, one of its
/// SANs must be listed. Revocation is not checked, as Go does not.
/// </summary>
internal static class ClientCertificateTrust
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <returns>null if the certificate, or its absence, is accepted; else why not, in words.</returns>
    public static string? Refusal(X509Certificate? presented, X509Chain? sentChain, TlsSettings tls)
    {
        if (presented is null)
        {
            return tls.ClientAuthType.Requires() ? $"no client certificate was sent, and client_auth_type is {tls.ClientAuthType}" : null;
        }

        // SslStream hands its own X509Certificate2, which it disposes; a copy is made only of anything else.
        using var copy = presented is X509Certificate2 ? null : X509CertificateLoader.LoadCertificate(presented.GetRawCertData());
        var certificate = copy ?? (X509Certificate2)presented;
        if (tls.ClientAuthType.Verifies() && !Chains(certificate, sentChain, tls.ClientCa))
        {
            return tls.ClientCa is null
                ? "it does not chain to a CA the system trusts for client authentication (no client_ca_file is set)"
                : "it does not chain to client_ca_file for client authentication";
        }

        if (tls.ClientAllowedSans is { } allowed)
        {
            var names = SubjectAlternativeNames.Of(certificate);
            if (!names.Any(name => allowed.Contains(name, StringComparer.Ordinal)))
            {
                return $"none of its SANs ({string.Join(", ", names)}) is in client_allowed_sans";
            }
        }

        return null;
    }

    private static bool Chains(X509Certificate2 certificate, X509Chain? sentChain, X509Certificate2Collection? clientCa)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (clientCa is not null)
        {
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.CustomTrustStore.AddRange(clientCa);
        }

        if (sentChain is not null)
        {
            foreach (var element in sentChain.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }
}
