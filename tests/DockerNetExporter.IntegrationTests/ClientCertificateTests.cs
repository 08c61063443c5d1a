using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DockerNetExporter.Configuration;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// client_auth_type RequireAndVerifyClientCert with a client_ca_file: a client certificate signed by
/// that CA for client authentication gets in; none, one from another issuer, or one the CA made for
/// servers only, does not.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class ClientCertificateTests : IAsyncLifetime
{
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("dockernet-mtls-");
    private readonly RSA caKey = RSA.Create(2048);
    private X509Certificate2 ca = null!;
    private RunningExporter exporter = null!;

    public async Task InitializeAsync()
    {
        var caRequest = new CertificateRequest("CN=dockernet test clients CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var server = serverRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "server.crt"), server.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());
        await File.WriteAllTextAsync(Path.Combine(directory.FullName, "clients-ca.crt"), ca.ExportCertificatePem());
        var config = Path.Combine(directory.FullName, "web-config.yml");
        await File.WriteAllTextAsync(config, """
            tls_server_config:
              cert_file: server.crt
              key_file: server.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: clients-ca.crt
            """);
        exporter = await RunningExporter.StartAsync(DockerEnvironment.DockerHost, web: WebConfig.Load(config));
    }

    public async Task DisposeAsync()
    {
        await exporter.DisposeAsync();
        ca.Dispose();
        caKey.Dispose();
        directory.Delete(recursive: true);
    }

    [Fact]
    public async Task A_certificate_from_the_client_CA_gets_the_metrics()
    {
        using var client = ClientSignedBy(caKey, ca.SubjectName);
        using var http = Client(client);

        using var response = await http.GetAsync(new Uri(exporter.BaseAddress, "/metrics"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task No_certificate_or_one_from_another_issuer_is_refused()
    {
        using var otherKey = RSA.Create(2048);
        using var stranger = ClientSignedBy(otherKey, new X500DistinguishedName("CN=some other CA"));
        using var serverOnly = ClientSignedBy(caKey, ca.SubjectName, "1.3.6.1.5.5.7.3.1"); // right CA, but for server authentication only

        foreach (var certificate in new[] { null, stranger, serverOnly })
        {
            using var http = Client(certificate);
            await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri(exporter.BaseAddress, "/metrics")));
        }
    }

    /// <param name="usage">The extended key usage; client authentication by default.</param>
    private static X509Certificate2 ClientSignedBy(RSA issuerKey, X500DistinguishedName issuer, string usage = "1.3.6.1.5.5.7.3.2")
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=prometheus", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        var serial = RandomNumberGenerator.GetBytes(8);
        using var signed = request.Create(issuer, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(1), serial);
        return signed.CopyWithPrivateKey(key);
    }

    private HttpClient Client(X509Certificate2? certificate)
    {
        var handler = new HttpClientHandler
        {
            ServerCertificateCustomValidationCallback = (_, server, _, _) => server?.Thumbprint == exporter.ServerCertificate!.Thumbprint,
        };
        if (certificate is not null)
        {
            handler.ClientCertificates.Add(certificate);
        }

        return new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
    }
}
