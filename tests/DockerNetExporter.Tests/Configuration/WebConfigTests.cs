using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using DockerNetExporter.Configuration;

namespace DockerNetExporter.Tests.Configuration;

/// <summary>--web.config.file in the exporter toolkit's format; every mistake names the flag and what is wrong.</summary>
public sealed class WebConfigTests : IDisposable
{
    // htpasswd -nbBC 10 alice secret
    private const string AliceHash = "$2y$10$UKdp9HssNBU34LdTChnnceSFDvUpUFE1HFZW/QJOmk7x6vbHBPSF2";
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("dockernet-webconfig-");

    public WebConfigTests()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));
        File.WriteAllText(Path.Combine(directory.FullName, "tls.crt"), certificate.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory.FullName, "tls.key"), key.ExportPkcs8PrivateKeyPem());
    }

    public void Dispose() => directory.Delete(recursive: true);

    [Fact]
    public void A_file_with_TLS_and_users_loads_with_paths_relative_to_it()
    {
        var config = Load($"""
            tls_server_config:
              cert_file: tls.crt
              key_file: tls.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: tls.crt
              min_version: TLS13
            basic_auth_users:
              alice: {AliceHash}
            """);

        Assert.Equal(AliceHash, config.BasicAuthUsers["alice"]);
        Assert.Equal("CN=localhost", config.Tls!.Certificate.Subject);
        Assert.Equal("RequireAndVerifyClientCert", config.Tls.ClientAuthType);
        Assert.Single(config.Tls.ClientCa!);
        Assert.Equal(SslProtocols.Tls13, config.Tls.Protocols);
    }

    [Fact]
    public void Users_alone_mean_no_TLS_and_TLS_alone_no_users()
    {
        Assert.Null(Load($"basic_auth_users:\n  alice: {AliceHash}\n").Tls);
        Assert.Empty(Load("tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n").BasicAuthUsers);
    }

    [Theory]
    [InlineData("tls_server_config:\n  cert_file: tls.crt\n", "needs cert_file and key_file")]
    [InlineData("tls_server_config:\n  cert_file: missing.crt\n  key_file: tls.key\n", "cannot load the TLS certificate")]
    [InlineData("tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  client_auth_type: Sometimes\n", "client_auth_type \"Sometimes\"")]
    [InlineData("tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  client_auth_type: RequireAndVerifyClientCert\n", "needs client_ca_file")]
    [InlineData("tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  min_version: TLS10\n", "TLS version \"TLS10\"")]
    [InlineData("tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  min_version: TLS13\n  max_version: TLS12\n", "min_version is above max_version")]
    [InlineData("tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  cipher_suites: [TLS_AES_128_GCM_SHA256]\n", "cipher_suites")]
    [InlineData("basic_auth_users:\n  alice: secret\n", "basic_auth_users.alice is not a bcrypt hash")]
    [InlineData("basic_auth_user:\n  alice: x\n", "basic_auth_user")]
    [InlineData("http_server_config:\n  http2: false\n", "http_server_config is not supported")]
    [InlineData("tls_server_config: [\n", "invalid --web.config.file")]
    [InlineData("tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  certfile: x\n", "unknown key \"tls_server_config.certfile\"")]
    [InlineData("tls_server_config: tls.crt\n", "tls_server_config must be a mapping")]
    [InlineData("tls_server_config:\n  cert_file: [a, b]\n  key_file: tls.key\n", "tls_server_config.cert_file must be a single value")]
    [InlineData("tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  cipher_suites: TLS_AES_128_GCM_SHA256\n", "tls_server_config.cipher_suites must be a list")]
    [InlineData("basic_auth_users:\n  alice: " + AliceHash + "\n  alice: " + AliceHash + "\n", "alice")] // YamlDotNet refuses a key twice
    [InlineData("basic_auth_users: [alice]\n", "basic_auth_users must be a mapping")]
    [InlineData("- tls_server_config\n", "the file must be a mapping")]
    public void A_mistake_is_one_message_naming_the_flag_and_the_problem(string yaml, string expected)
    {
        var e = Assert.Throws<InvalidFlagException>(() => Load(yaml));

        Assert.Equal("--web.config.file", e.Flag);
        Assert.StartsWith("invalid --web.config.file", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing set\n")]
    [InlineData("tls_server_config:\nbasic_auth_users: ~\nhttp_server_config: {}\n")]
    public void A_file_that_sets_nothing_means_no_TLS_and_no_users(string yaml)
    {
        var config = Load(yaml);

        Assert.Null(config.Tls);
        Assert.Empty(config.BasicAuthUsers);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var e = Assert.Throws<InvalidFlagException>(() => WebConfig.Load(Path.Combine(directory.FullName, "absent.yml")));

        Assert.Contains("absent.yml", e.Message, StringComparison.Ordinal);
    }

    private WebConfig Load(string yaml)
    {
        var path = Path.Combine(directory.FullName, "web-config.yml");
        File.WriteAllText(path, yaml);
        return WebConfig.Load(path);
    }
}
