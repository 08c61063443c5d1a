using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DockerNetExporter.Configuration;

/// <summary>
/// PEM as Go's tls.X509KeyPair and x509.CertPool read it: the server's certificate first, then any
/// intermediates to send with it, and a private key (PKCS#8, PKCS#1 or SEC 1) that must match it;
/// a client CA bundle of one or more certificates.
/// </summary>
internal static class TlsCertificates
{
    /// <param name="source">Where the certificate came from, for the message (tls_server_config.cert_file "...", or .cert).</param>
    public static (X509Certificate2 Leaf, X509Certificate2Collection Intermediates) Server(string certificatePem, string keyPem, string source)
    {
        var all = Bundle(certificatePem, source);
        try
        {
            var leaf = X509Certificate2.CreateFromPem(certificatePem, keyPem);
            return (leaf, [.. all.Skip(1)]);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new InvalidDataException($"the certificate of {source} and its key do not load as a pair: {e.Message}");
        }
    }

    /// <summary>Every certificate in the PEM; none is an error, since a pool without any would trust nothing and say nothing.</summary>
    public static X509Certificate2Collection Bundle(string pem, string source)
    {
        var certificates = new X509Certificate2Collection();
        try
        {
            certificates.ImportFromPem(pem);
        }
        catch (CryptographicException e)
        {
            throw new InvalidDataException($"{source} holds a certificate that cannot be read: {e.Message}");
        }

        return certificates.Count > 0 ? certificates : throw new InvalidDataException($"{source} holds no PEM certificate");
    }
}
