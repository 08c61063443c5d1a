using System.Security.Cryptography.X509Certificates;
using DockerNetExporter.Configuration;

namespace DockerNetExporter.Http;

/// <summary>
/// Client certificates as the exporter toolkit's client_auth_type says: the Verify* modes accept only
/// a certificate that chains to client_ca_file; the others accept any the client sends.
/// </summary>
internal static class ClientCertificateTrust
{
    public static bool IsTrusted(X509Certificate2 certificate, TlsSettings tls)
    {
        if (tls.ClientAuthType is not ("VerifyClientCertIfGiven" or "RequireAndVerifyClientCert"))
        {
            return true;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.CustomTrustStore.AddRange(tls.ClientCa!);
        return chain.Build(certificate);
    }
}
