using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using DockerNetExporter.Configuration;
using DockerNetExporter.Tests.Infrastructure;

namespace DockerNetExporter.Tests.Configuration;

/// <summary>
/// --web.config.file in the exporter toolkit's format, with certificates made here: what loads,
/// what it means, and that every mistake is one message naming the flag, the file and what is wrong.
/// </summary>
public sealed class WebConfigTests : IDisposable
{
    // htpasswd -nbBC 10 alice secret
    private const string AliceHash = "$2y$10$UKdp9HssNBU34LdTChnnceSFDvUpUFE1HFZW/QJOmk7x6vbHBPSF2";
    private const string Tls = "tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n";
    // Made once for the class: an RSA key takes tens of milliseconds, and the cases only read them.
    private static readonly X509Certificate2 Ca = TestCertificates.Authority("test CA");
    private static readonly X509Certificate2 Server = TestCertificates.Leaf("localhost", Ca, TestCertificates.ServerAuthentication, "localhost");
    private readonly DirectoryInfo directory = Directory.CreateTempSubdirectory("dockernet-webconfig-");

    public WebConfigTests()
    {
        Write("tls.crt", Server.ExportCertificatePem());
        Write("tls.key", TestCertificates.KeyPem(Server));
        Write("Ca.crt", Ca.ExportCertificatePem());
        Write("empty.crt", "# no certificate here\n");
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
              client_ca_file: Ca.crt
              min_version: TLS13
            basic_auth_users:
              alice: {AliceHash}
            """);

        Assert.Equal(AliceHash, config.BasicAuthUsers["alice"]);
        Assert.Equal("CN=localhost", config.Tls!.Certificate.Subject);
        Assert.Equal(ClientAuthType.RequireAndVerifyClientCert, config.Tls.ClientAuthType);
        Assert.Equal("CN=test CA", Assert.Single(config.Tls.ClientCa!).Subject);
        Assert.Equal(SslProtocols.Tls13, config.Tls.Protocols);
        Assert.Null(config.Tls.CipherSuites);
        Assert.Empty(config.Notices);
    }

    [Fact]
    public void Inline_cert_key_and_client_CA_load_as_the_files_do()
    {
        var config = Load($"""
            tls_server_config:
              cert: |
            {Indent(Server.ExportCertificatePem())}
              key: |
            {Indent(TestCertificates.KeyPem(Server))}
              client_auth_type: VerifyClientCertIfGiven
              client_ca: |
            {Indent(Ca.ExportCertificatePem())}
            """);

        Assert.Equal(Server.Thumbprint, config.Tls!.Certificate.Thumbprint);
        Assert.True(config.Tls.Certificate.HasPrivateKey);
        Assert.Equal(Ca.Thumbprint, Assert.Single(config.Tls.ClientCa!).Thumbprint);
    }

    [Fact]
    public void The_certificates_after_the_first_in_cert_file_are_sent_as_its_chain()
    {
        using var intermediate = TestCertificates.Authority("test intermediate", Ca);
        using var leaf = TestCertificates.Leaf("localhost", intermediate, TestCertificates.ServerAuthentication, "localhost");
        Write("chain.crt", leaf.ExportCertificatePem() + "\n" + intermediate.ExportCertificatePem());
        Write("chain.key", TestCertificates.KeyPem(leaf));

        var config = Load("tls_server_config:\n  cert_file: chain.crt\n  key_file: chain.key\n");

        Assert.Equal(leaf.Thumbprint, config.Tls!.Certificate.Thumbprint);
        Assert.Equal(intermediate.Thumbprint, Assert.Single(config.Tls.CertificateContext.IntermediateCertificates).Thumbprint);
    }

    [Fact]
    public void Users_alone_mean_no_TLS_and_TLS_alone_no_users()
    {
        Assert.Null(Load($"basic_auth_users:\n  alice: {AliceHash}\n").Tls);
        Assert.Empty(Load(Tls).BasicAuthUsers);
    }

    [Theory]
    [InlineData("VerifyClientCertIfGiven")]
    [InlineData("RequireAndVerifyClientCert")]
    public void A_verifying_client_auth_type_without_a_client_CA_verifies_against_the_system_s_CAs_as_the_toolkit_does(string type)
    {
        var config = Load(Tls + $"  client_auth_type: {type}\n");

        Assert.Null(config.Tls!.ClientCa);
        Assert.True(config.Tls.ClientAuthType.Verifies());
    }

    [Fact]
    public void RequireClientCert_is_the_toolkit_s_old_name_for_RequireAnyClientCert()
    {
        Assert.Equal(ClientAuthType.RequireAnyClientCert, Load(Tls + "  client_auth_type: RequireClientCert\n").Tls!.ClientAuthType);
    }

    [Fact]
    public void Headers_and_http2_are_read_from_http_server_config()
    {
        var config = Load("""
            http_server_config:
              http2: false
              headers:
                X-Frame-Options: sameorigin
                X-Content-Type-Options: nosniff
                Content-Security-Policy: "default-src 'self'"
            """);

        Assert.False(config.HttpServer.Http2);
        Assert.Equal("sameorigin", config.HttpServer.Headers["X-Frame-Options"]);
        Assert.Equal("default-src 'self'", config.HttpServer.Headers["Content-Security-Policy"]);
        Assert.True(Load("").HttpServer.Http2);
    }

    [Theory]
    [InlineData("interval: 1s\n  burst: 5", 1.0, 5)]
    [InlineData("interval: 1m30s\n  burst: 2", 90.0, 2)]
    [InlineData("interval: 250ms\n  burst: 1", 0.25, 1)]
    [InlineData("interval: 1000000000\n  burst: 3", 1.0, 3)] // a plain integer is nanoseconds, as yaml.v2 reads it
    public void A_rate_limit_is_a_Go_duration_and_a_burst(string yaml, double seconds, int burst)
    {
        var limit = Load($"rate_limit:\n  {yaml}\n").RateLimit!;

        Assert.Equal(TimeSpan.FromSeconds(seconds), limit.Interval);
        Assert.Equal(burst, limit.Burst);
    }

    [Theory]
    [InlineData("rate_limit:\n  interval: 0\n  burst: 0\n")]
    [InlineData("rate_limit:\n  interval: \"-1s\"\n  burst: 1\n")]
    [InlineData("rate_limit:\n  burst: 10\n")]
    public void No_interval_or_a_negative_one_limits_nothing(string yaml)
    {
        Assert.Null(Load(yaml).RateLimit);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Ciphers_choose_TLS_1_2_s_suites_in_Go_s_order_not_the_list_s_and_TLS_1_3_keeps_all_three()
    {
        var config = Load(Tls + "  cipher_suites:\n    - TLS_RSA_WITH_AES_128_CBC_SHA\n    - TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384\n    - TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\n");

        Assert.Equal(
            [
                TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TlsCipherSuite.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384, TlsCipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
                TlsCipherSuite.TLS_AES_128_GCM_SHA256, TlsCipherSuite.TLS_AES_256_GCM_SHA384, TlsCipherSuite.TLS_CHACHA20_POLY1305_SHA256,
            ],
            config.Tls!.CipherSuites!.AllowedCipherSuites);
    }

    [Theory]
    [InlineData("  curve_preferences: [CurveP521]\n", "curve_preferences (CurveP521) is checked but not applied")]
    [InlineData("  min_version: TLS10\n", "the lowest version served is TLS 1.2")]
    [InlineData("  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, TLS_AES_256_GCM_SHA384]\n", "TLS 1.3 suites, which have no effect")]
    public void What_is_accepted_but_not_applied_is_said(string tlsLine, string expected)
    {
        var config = Load(Tls + tlsLine);

        Assert.NotNull(config.Tls);
        Assert.Contains(expected, Assert.Single(config.Notices), StringComparison.Ordinal);
    }

    [Fact]
    public void A_TLS_section_naming_no_certificate_serves_plain_HTTP_and_says_so()
    {
        var config = Load("tls_server_config:\n  min_version: TLS13\n");

        Assert.Null(config.Tls);
        Assert.Contains("served without TLS", Assert.Single(config.Notices), StringComparison.Ordinal);
    }

    [Fact]
    public void A_burst_of_0_refuses_every_request_as_the_toolkit_s_does_and_says_so()
    {
        var config = Load("rate_limit:\n  interval: 1s\n  burst: 0\n");

        Assert.Equal(0, config.RateLimit!.Burst);
        Assert.Contains("every request but /healthz is answered 429", Assert.Single(config.Notices), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Tls + "  client_allowed_sans: [a]\n  client_auth_type: RequireAnyClientCert\n")]
    [InlineData(Tls + "  client_allowed_sans: [a]\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: Ca.crt\n")]
    public void Client_SANs_load_where_a_client_certificate_is_required(string yaml)
    {
        Assert.Equal(["a"], Load(yaml).Tls!.ClientAllowedSans);
    }

    [Theory]
    [InlineData("tls_server_config:\n  cert_file: tls.crt\n", "tls_server_config needs key_file or key")]
    [InlineData("tls_server_config:\n  key_file: tls.key\n", "tls_server_config needs cert_file or cert")]
    [InlineData("tls_server_config:\n  cert: \"\"\n  key_file: tls.key\n", "needs cert_file or cert")]
    [InlineData("tls_server_config:\n  cert_file: missing.crt\n  key_file: tls.key\n", "missing.crt\": no such file")]
    [InlineData("tls_server_config:\n  cert_file: tls.crt\n  key_file: .\n", "a directory, not a file")]
    [InlineData("tls_server_config:\n  cert_file: Ca.crt\n  key_file: tls.key\n", "do not load as a pair")]
    [InlineData("tls_server_config:\n  cert_file: empty.crt\n  key_file: tls.key\n", "empty.crt\" holds no PEM certificate")]
    [InlineData(Tls + "  client_auth_type: Sometimes\n", "client_auth_type \"Sometimes\" is not one of")]
    [InlineData(Tls + "  client_ca_file: Ca.crt\n", "has a client CA but client_auth_type is NoClientCert")]
    [InlineData(Tls + "  client_ca_file: missing.crt\n  client_auth_type: RequireAndVerifyClientCert\n", "client_ca_file")]
    [InlineData(Tls + "  client_ca_file: empty.crt\n  client_auth_type: RequireAndVerifyClientCert\n", "holds no PEM certificate")]
    [InlineData(Tls + "  client_allowed_sans: [a]\n", "client_allowed_sans needs client_auth_type RequireAnyClientCert or RequireAndVerifyClientCert")]
    [InlineData(Tls + "  client_allowed_sans: [a]\n  client_auth_type: VerifyClientCertIfGiven\n", "a client may send no certificate")]
    [InlineData(Tls + "  min_version: TLS111\n", "min_version \"TLS111\" is not a TLS version")]
    [InlineData(Tls + "  max_version: TLS11\n", "max_version TLS11 leaves nothing to serve")]
    [InlineData(Tls + "  min_version: TLS13\n  max_version: TLS12\n", "min_version TLS13 is above max_version TLS12")]
    [InlineData(Tls + "  cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA2048]\n", "unknown cipher \"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA2048\"")]
    [InlineData(Tls + "  cipher_suites: [TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384]\n", "none of the AES-128-GCM suites HTTP/2 requires")]
    [InlineData(Tls + "  curve_preferences: [CurveP257]\n", "unknown curve \"CurveP257\"")]
    [InlineData(Tls + "  prefer_server_cipher_suites: maybe\n", "prefer_server_cipher_suites must be true or false")]
    [InlineData("basic_auth_users:\n  alice: secret\n", "basic_auth_users.alice is not a bcrypt hash")]
    [InlineData("basic_auth_user:\n  alice: x\n", "unknown key \"basic_auth_user\"")]
    [InlineData("http_server_config:\n  headers:\n    Content-Type: foo\n", "\"Content-Type\" cannot be set")]
    [InlineData("http_server_config:\n  headers:\n    x-frame-options: deny\n", "\"x-frame-options\" cannot be set")]
    [InlineData("http_server_config:\n  headers:\n    X-Frame-Options: foo\n", "X-Frame-Options \"foo\" is not allowed; want deny or sameorigin")]
    [InlineData("http_server_config:\n  headers:\n    X-Content-Type-Options: sniff\n", "want nosniff")]
    [InlineData("http_server_config:\n  headers:\n    X-XSS-Protection: \"1\\r\\nSet-Cookie: a=b\"\n", "holds a line break")]
    [InlineData("http_server_config:\n  http2: \"false\"\n", "http_server_config.http2 must be true or false")]
    [InlineData("http_server_config:\n  http3: true\n", "unknown key \"http_server_config.http3\"")]
    [InlineData("rate_limit:\n  interval: 1d\n", "rate_limit.interval \"1d\" is not a Go duration")]
    [InlineData("rate_limit:\n  interval: 1s\n  burst: many\n", "rate_limit.burst \"many\" is not a whole number")]
    [InlineData("tls_server_config:\n  cert_file: tls.crt\n  key_file: tls.key\n  certfile: x\n", "unknown key \"tls_server_config.certfile\"")]
    [InlineData("tls_server_config: tls.crt\n", "tls_server_config must be a mapping")]
    [InlineData("tls_server_config:\n  cert_file: [a, b]\n  key_file: tls.key\n", "tls_server_config.cert_file must be a single value")]
    [InlineData(Tls + "  cipher_suites: TLS_AES_128_GCM_SHA256\n", "tls_server_config.cipher_suites must be a list")]
    [InlineData("basic_auth_users:\n  alice: " + AliceHash + "\n  alice: " + AliceHash + "\n", "alice")] // YamlDotNet refuses a key twice
    [InlineData("basic_auth_users: [alice]\n", "basic_auth_users must be a mapping")]
    [InlineData("- tls_server_config\n", "the file must be a mapping")]
    [InlineData("tls_server_config:\n  cipher_suites: [a\nb]\n", "not valid YAML")] // YamlDotNet threw InvalidOperationException
    [InlineData("tls_server_config:\n  cipher_suites: [a]*http_server_config:\n  http2: false\n", "not valid YAML")] // and ArgumentException
    public void A_mistake_is_one_message_naming_the_flag_the_file_and_the_problem(string yaml, string expected)
    {
        var e = Assert.Throws<InvalidFlagException>(() => Load(yaml));

        Assert.Equal("--web.config.file", e.Flag);
        Assert.StartsWith($"invalid --web.config.file \"{Path.Combine(directory.FullName, "web-config.yml")}\": ", e.Message, StringComparison.Ordinal);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Theory]
    [InlineData("tls_server_config:\n  cert_file: tls.crt\n key_file: tls.key\n", "line 3, column 2: ")]
    [InlineData("tls_server_config: [\n", "line 2, column 1: ")]
    [InlineData("basic_auth_users:\n  alice: x\n  bob: \"unclosed\n", "line 3, column 8: ")]
    [InlineData("tls_server_config:\n  cert_file: tls.crt\n  cert_fil: tls.crt\n", "line 3, column 13: unknown key \"tls_server_config.cert_fil\"")]
    public void A_YAML_error_names_the_line_and_column(string yaml, string expected)
    {
        var e = Assert.Throws<InvalidFlagException>(() => Load(yaml));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("(Line:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("# nothing set\n")]
    [InlineData("tls_server_config:\nbasic_auth_users: ~\nhttp_server_config: {}\nrate_limit:\n")]
    public void A_file_that_sets_nothing_means_no_TLS_no_users_no_limit(string yaml)
    {
        var config = Load(yaml);

        Assert.Null(config.Tls);
        Assert.Empty(config.BasicAuthUsers);
        Assert.Null(config.RateLimit);
        Assert.Empty(config.HttpServer.Headers);
    }

    [Fact]
    public void A_missing_file_is_named()
    {
        var e = Assert.Throws<InvalidFlagException>(() => WebConfig.Load(Path.Combine(directory.FullName, "absent.yml")));

        Assert.Contains("absent.yml\": no such file", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_file_over_4_MiB_is_refused_unread()
    {
        var path = Path.Combine(directory.FullName, "web-config.yml");
        File.WriteAllText(path, "# " + new string('x', 4 << 20) + "\n");

        var e = Assert.Throws<InvalidFlagException>(() => WebConfig.Load(path));

        Assert.Contains("larger than 4 MiB", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_fingerprint_follows_the_files_the_config_names_not_only_the_file_itself()
    {
        var before = Load(Tls).Fingerprint;
        Assert.Equal(before, WebConfigFiles.Read(Path.Combine(directory.FullName, "web-config.yml")).Fingerprint);

        using var rotated = TestCertificates.Leaf("localhost", Ca, TestCertificates.ServerAuthentication, "localhost");
        Write("tls.crt", rotated.ExportCertificatePem());
        Write("tls.key", TestCertificates.KeyPem(rotated));

        var after = WebConfigFiles.Read(Path.Combine(directory.FullName, "web-config.yml"));
        Assert.NotEqual(before, after.Fingerprint);
        Assert.Equal(rotated.Thumbprint, WebConfig.From(after).Tls!.Certificate.Thumbprint);
    }

    [Fact]
    public void Any_mutation_of_a_valid_file_loads_or_is_refused_with_a_message_never_another_exception()
    {
        var valid = $"""
            tls_server_config:
              cert_file: tls.crt
              key_file: tls.key
              client_auth_type: RequireAndVerifyClientCert
              client_ca_file: Ca.crt
              cipher_suites: [TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256]
              curve_preferences: [X25519]
              client_allowed_sans: [prometheus]
            http_server_config:
              http2: false
              headers:
                X-Frame-Options: deny
            rate_limit:
              interval: 1s
              burst: 2
            basic_auth_users:
              alice: {AliceHash}
            """;
        var random = new Random(15);
        const string Alphabet = ":-[]{}|>'\"\n #&*!%@`,?~\t\\0aZ.";
        var outcomes = new Dictionary<bool, int> { [true] = 0, [false] = 0 };
        for (var i = 0; i < 1000; i++)
        {
            var text = valid.ToCharArray().ToList();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                var at = random.Next(text.Count);
                switch (random.Next(3))
                {
                    case 0: text.RemoveAt(at); break;
                    case 1: text.Insert(at, Alphabet[random.Next(Alphabet.Length)]); break;
                    default: text[at] = Alphabet[random.Next(Alphabet.Length)]; break;
                }
            }

            try
            {
                Load(new string([.. text]));
                outcomes[true]++;
            }
            catch (InvalidFlagException)
            {
                outcomes[false]++;
            }
        }

        // Both happen (mostly refusals: a path, a name or the hash is hit): the mutations are neither all harmless nor all fatal.
        Assert.True(outcomes[true] > 10 && outcomes[false] > 500, $"{outcomes[true]} loaded, {outcomes[false]} refused");
    }

    private static string Indent(string pem) => string.Join('\n', pem.TrimEnd().Split('\n').Select(line => "    " + line));

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(directory.FullName, name), content);

    private WebConfig Load(string yaml)
    {
        var path = Path.Combine(directory.FullName, "web-config.yml");
        File.WriteAllText(path, yaml);
        return WebConfig.Load(path);
    }
}
