using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace DockerNetExporter.Configuration;

/// <summary>
/// The --web.config.file of the Prometheus exporter toolkit (prometheus/exporter-toolkit,
/// docs/web-configuration.md), so users reuse the file their other exporters read: TLS with an
/// optional client CA, and basic auth users with bcrypt hashes. Paths are relative to the file.
/// </summary>
internal sealed record WebConfig(TlsSettings? Tls, IReadOnlyDictionary<string, string> BasicAuthUsers)
{
    private const string Flag = "--web.config.file";

    public static WebConfig Load(string path)
    {
        Document document;
        try
        {
            var deserializer = new DeserializerBuilder().WithNamingConvention(UnderscoredNamingConvention.Instance).Build();
            document = deserializer.Deserialize<Document?>(File.ReadAllText(path)) ?? new Document();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or YamlException)
        {
            throw new InvalidFlagException(Flag, $"invalid {Flag} \"{path}\": {(e is YamlException y ? y.InnerException?.Message ?? y.Message : e.Message)}");
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var users = document.BasicAuthUsers ?? [];
        foreach (var (user, hash) in users)
        {
            if (!IsBcryptHash(hash))
            {
                throw new InvalidFlagException(Flag, $"invalid {Flag} \"{path}\": basic_auth_users.{user} is not a bcrypt hash (make one with htpasswd -nBC 10 {user})");
            }
        }

        if (document.HttpServerConfig is { Count: > 0 })
        {
            throw new InvalidFlagException(Flag, $"invalid {Flag} \"{path}\": http_server_config is not supported by docker-net-exporter");
        }

        return new WebConfig(document.TlsServerConfig is { } tls ? LoadTls(tls, directory, path) : null, users);
    }

    private static TlsSettings LoadTls(TlsDocument tls, string directory, string path)
    {
        if (string.IsNullOrEmpty(tls.CertFile) || string.IsNullOrEmpty(tls.KeyFile))
        {
            throw new InvalidFlagException(Flag, $"invalid {Flag} \"{path}\": tls_server_config needs cert_file and key_file");
        }

        if (tls.CipherSuites is { Count: > 0 } || tls.CurvePreferences is { Count: > 0 })
        {
            throw new InvalidFlagException(Flag, $"invalid {Flag} \"{path}\": cipher_suites and curve_preferences are not supported (the system's TLS library chooses)");
        }

        var mode = tls.ClientAuthType ?? "NoClientCert";
        if (mode is not ("NoClientCert" or "RequestClientCert" or "RequireAnyClientCert" or "VerifyClientCertIfGiven" or "RequireAndVerifyClientCert"))
        {
            throw new InvalidFlagException(Flag, $"invalid {Flag} \"{path}\": client_auth_type \"{mode}\" is not one of the Go TLS client auth types");
        }

        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(Path.Combine(directory, tls.CertFile), Path.Combine(directory, tls.KeyFile));
            X509Certificate2Collection? clientCa = null;
            if (!string.IsNullOrEmpty(tls.ClientCaFile))
            {
                clientCa = [];
                clientCa.ImportFromPemFile(Path.Combine(directory, tls.ClientCaFile));
            }
            else if (mode is "VerifyClientCertIfGiven" or "RequireAndVerifyClientCert")
            {
                throw new InvalidFlagException(Flag, $"invalid {Flag} \"{path}\": client_auth_type {mode} needs client_ca_file");
            }

            return new TlsSettings(certificate, mode, clientCa, Protocols(tls.MinVersion, tls.MaxVersion, path));
        }
        catch (Exception e) when (e is IOException or CryptographicException or UnauthorizedAccessException)
        {
            throw new InvalidFlagException(Flag, $"invalid {Flag} \"{path}\": cannot load the TLS certificate or key: {e.Message}");
        }
    }

    /// <summary>min_version and max_version as the toolkit spells them (TLS10 to TLS13); TLS 1.2 and 1.3 by default.</summary>
    private static SslProtocols Protocols(string? min, string? max, string path)
    {
        SslProtocols[] ordered = [SslProtocols.Tls12, SslProtocols.Tls13];
        int Index(string? version, int fallback) => version switch
        {
            null or "" => fallback,
            "TLS12" => 0,
            "TLS13" => 1,
            _ => throw new InvalidFlagException(Flag, $"invalid {Flag} \"{path}\": TLS version \"{version}\" is not supported (TLS12 or TLS13)"),
        };
        var protocols = SslProtocols.None;
        for (var i = Index(min, 0); i <= Index(max, 1); i++)
        {
            protocols |= ordered[i];
        }

        return protocols == SslProtocols.None
            ? throw new InvalidFlagException(Flag, $"invalid {Flag} \"{path}\": min_version is above max_version")
            : protocols;
    }

    private static bool IsBcryptHash(string hash) =>
        hash.Length == 60 && hash[0] == '$' && hash[1] == '2' && hash[2] is 'a' or 'b' or 'y' && hash[3] == '$';

    // The file's shape; an unknown key is an error, as in the exporter toolkit.
    private sealed class Document
    {
        public TlsDocument? TlsServerConfig { get; set; }

        public Dictionary<string, string>? BasicAuthUsers { get; set; }

        public Dictionary<string, object>? HttpServerConfig { get; set; }
    }

    private sealed class TlsDocument
    {
        public string? CertFile { get; set; }

        public string? KeyFile { get; set; }

        public string? ClientAuthType { get; set; }

        public string? ClientCaFile { get; set; }

        public string? MinVersion { get; set; }

        public string? MaxVersion { get; set; }

        public List<string>? CipherSuites { get; set; }

        public List<string>? CurvePreferences { get; set; }

        public bool? PreferServerCipherSuites { get; set; }
    }
}

/// <param name="ClientAuthType">One of Go's tls.ClientAuthType names, as the exporter toolkit takes them.</param>
/// <param name="ClientCa">The CAs a client certificate must chain to, when client_ca_file is set.</param>
/// <param name="Protocols">The TLS versions offered.</param>
internal sealed record TlsSettings(X509Certificate2 Certificate, string ClientAuthType, X509Certificate2Collection? ClientCa, SslProtocols Protocols);
