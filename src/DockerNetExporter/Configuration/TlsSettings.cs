using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace DockerNetExporter.Configuration;

/// <summary>
/// tls_server_config, loaded and checked as the exporter toolkit's ConfigToTLSConfig does: a
/// certificate and key (from a file or inline; the file wins when both are given), an optional
/// client CA (likewise) that needs a client_auth_type asking for certificates, client_allowed_sans
/// only where a certificate is required, versions, ciphers and curves.
/// </summary>
/// <param name="CertificateContext">The certificate with the intermediates its PEM holds, as sent in each handshake.</param>
/// <param name="ClientCa">The CAs a client certificate must chain to; null means the system's trusted CAs, as Go does without client_ca_file.</param>
/// <param name="ClientAllowedSans">Null: any; else a client certificate needs one of these among its DNS, email, IP or URI SANs.</param>
/// <param name="CipherSuites">Null: the system's OpenSSL chooses.</param>
internal sealed record TlsSettings(
    X509Certificate2 Certificate,
    SslStreamCertificateContext CertificateContext,
    ClientAuthType ClientAuthType,
    X509Certificate2Collection? ClientCa,
    IReadOnlyList<string>? ClientAllowedSans,
    SslProtocols Protocols,
    CipherSuitesPolicy? CipherSuites)
{
    private const string Section = "tls_server_config";

    /// <returns>null when the section asks for no TLS: the listener then serves plain HTTP, as the toolkit's does.</returns>
    public static TlsSettings? From(TlsDocument? tls, WebConfigFiles files, bool http2, ICollection<string> notices)
    {
        if (tls is null)
        {
            return null;
        }

        if (!tls.AsksForTls)
        {
            notices.Add($"{Section} names no cert, key, client CA or client_auth_type: served without TLS, as the exporter toolkit does");
            return null;
        }

        if (string.IsNullOrEmpty(tls.CertFile) && string.IsNullOrEmpty(tls.Cert))
        {
            throw new InvalidDataException($"{Section} needs cert_file or cert (the server's certificate)");
        }

        if (string.IsNullOrEmpty(tls.KeyFile) && string.IsNullOrEmpty(tls.Key))
        {
            throw new InvalidDataException($"{Section} needs key_file or key (the certificate's private key)");
        }

        var (certificate, certificateSource) = Text(files, tls.CertFile, tls.Cert, "cert");
        var (key, _) = Text(files, tls.KeyFile, tls.Key, "key");
        var (leaf, intermediates) = TlsCertificates.Server(certificate, key, certificateSource);

        var clientAuth = ClientAuthTypes.Parse(tls.ClientAuthType);
        // In the toolkit's order: a CA that cannot be read, then a CA without a policy, then a CA with no certificate.
        var clientCaPem = string.IsNullOrEmpty(tls.ClientCaFile) && string.IsNullOrEmpty(tls.ClientCa)
            ? default((string Pem, string Source)?)
            : Text(files, tls.ClientCaFile, tls.ClientCa, "client_ca");
        if (clientCaPem is not null && clientAuth == ClientAuthType.NoClientCert)
        {
            throw new InvalidDataException(
                $"{Section} has a client CA but client_auth_type is NoClientCert, so no client certificate would be asked for: set client_auth_type (RequireAndVerifyClientCert, say), or remove the CA");
        }

        var clientCa = clientCaPem is var (pem, source) ? TlsCertificates.Bundle(pem, source) : null;
        if (tls.ClientAllowedSans is not null && !clientAuth.Requires())
        {
            throw new InvalidDataException(
                $"{Section}.client_allowed_sans needs client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert: with {clientAuth} a client may send no certificate to match");
        }

        var protocols = TlsVersions.Protocols(tls.MinVersion, tls.MaxVersion, notices);
        var cipherSuites = GoCipherSuites.Policy(tls.CipherSuites, http2, TlsVersions.OnlyTls13(protocols), notices);
        GoCurves.Check(tls.CurvePreferences, notices);
        return new TlsSettings(
            leaf, SslStreamCertificateContext.Create(leaf, intermediates, offline: true), clientAuth, clientCa, tls.ClientAllowedSans, protocols, cipherSuites);
    }

    /// <summary>The PEM of a file key (cert_file) if set, else of its inline key (cert), and where it came from.</summary>
    private static (string Pem, string Source) Text(WebConfigFiles files, string? file, string? inline, string key)
    {
        if (string.IsNullOrEmpty(file))
        {
            return (inline!, $"{Section}.{key}");
        }

        var bytes = files.Named(file, out var fullPath, out var problem);
        var source = $"{Section}.{key}_file \"{fullPath}\"";
        return bytes is null ? throw new InvalidDataException($"cannot read {source}: {problem}") : (Encoding.UTF8.GetString(bytes), source);
    }
}
