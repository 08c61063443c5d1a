using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DockerNetExporter.Configuration;

namespace DockerNetExporter.Http;

/// <summary>
/// Client certificates as the exporter toolkit's client_auth_type says: the Verify* modes accept only
/// a certificate for client authentication that chains to client_ca_file, through any intermediates
/// the client sent; the others accept any the client sends.
/// </summary>
internal static class ClientCertificateTrust
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public static bool IsTrusted(X509Certificate2 certificate, X509Chain? presented, TlsSettings tls)
    {
        if (tls.ClientAuthType is not ("VerifyClientCertIfGiven" or "RequireAndVerifyClientCert"))
        {
            return true;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(tls.ClientCa!);
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        return chain.Build(certificate);
    }
}
