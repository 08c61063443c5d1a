using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>
/// A web config file with TLS and basic auth, as a user writes one: a self-signed certificate for
/// 127.0.0.1 and localhost made here, and a bcrypt hash made by htpasswd.
/// </summary>
internal static class TlsBasicAuthConfig
{
    /// <summary>Writes server.crt, server.key and web-config.yml into <paramref name="directory"/>; the config's path.</summary>
    public static async Task<string> WriteAsync(DirectoryInfo directory, string user, string password)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "server.crt"), certificate.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "server.key"), key.ExportPkcs8PrivateKeyPem());

        var htpasswd = await Shell.CheckedAsync("htpasswd", "-nbBC", "10", user, password);
        var hash = htpasswd[(htpasswd.IndexOf(':', StringComparison.Ordinal) + 1)..];
        var config = Path.Combine(directory.FullName, "web-config.yml");
        await File.WriteAllTextAsync(config, $"""
            tls_server_config:
              cert_file: server.crt
              key_file: server.key
            basic_auth_users:
              {user}: {hash}
            """);
        return config;
    }
}
