using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DockerNetExporter.Tests.Infrastructure;

/// <summary>Certificates made for a test: a CA, and leaves it signs for a server or a client, with SANs.</summary>
internal static class TestCertificates
{
    public const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    public const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <param name="issuer">A CA with its private key, for an intermediate; null: a self-signed root.</param>
    public static X509Certificate2 Authority(string name, X509Certificate2? issuer = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var (notBefore, notAfter) = (DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        if (issuer is null)
        {
            return request.CreateSelfSigned(notBefore, notAfter);
        }

        // Within its issuer's validity, which Create insists on.
        using var signed = request.Create(issuer, notBefore, issuer.NotAfter.AddHours(-1), RandomNumberGenerator.GetBytes(8));
        return signed.CopyWithPrivateKey(key);
    }

    /// <param name="issuer">A certificate with its private key; null: self-signed.</param>
    /// <param name="sans">DNS names, IP addresses, emails (with @) or URIs (with ://).</param>
    public static X509Certificate2 Leaf(string name, X509Certificate2? issuer, string usage, params string[] sans)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (sans.Length > 0)
        {
            var builder = new SubjectAlternativeNameBuilder();
            foreach (var san in sans)
            {
                if (IPAddress.TryParse(san, out var ip))
                {
                    builder.AddIpAddress(ip);
                }
                else if (san.Contains("://", StringComparison.Ordinal))
                {
                    builder.AddUri(new Uri(san));
                }
                else if (san.Contains('@', StringComparison.Ordinal))
                {
                    builder.AddEmailAddress(san);
                }
                else
                {
                    builder.AddDnsName(san);
                }
            }

            request.CertificateExtensions.Add(builder.Build());
        }

        var (notBefore, notAfter) = (DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1));
        if (issuer is null)
        {
            return request.CreateSelfSigned(notBefore, notAfter);
        }

        using var signed = request.Create(issuer, notBefore, notAfter, RandomNumberGenerator.GetBytes(8));
        return signed.CopyWithPrivateKey(key);
    }

    public static string KeyPem(X509Certificate2 certificate) => certificate.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem();
}
