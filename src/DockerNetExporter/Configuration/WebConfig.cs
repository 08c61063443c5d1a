using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

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
            document = Document.Parse(File.ReadAllText(path));
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

        if (document.HasHttpServerConfig)
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

        if (tls.CipherSuites > 0 || tls.CurvePreferences > 0)
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

    /// <summary>
    /// The file's shape, read from YAML's node tree rather than bound by reflection (which native AOT
    /// cannot do); an unknown key is an error, as in the exporter toolkit.
    /// </summary>
    private sealed record Document(TlsDocument? TlsServerConfig, Dictionary<string, string>? BasicAuthUsers, bool HasHttpServerConfig)
    {
        public static Document Parse(string yaml)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(yaml));
            var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            if (IsNull(root))
            {
                return new Document(null, null, false);
            }

            TlsDocument? tls = null;
            Dictionary<string, string>? users = null;
            var http = false;
            foreach (var (key, value) in Mapping(root!, "the file"))
            {
                switch (key)
                {
                    case "tls_server_config":
                        tls = IsNull(value) ? null : TlsDocument.Parse(value);
                        break;
                    case "basic_auth_users":
                        users = IsNull(value) ? null : Mapping(value, key).ToDictionary(p => p.Key, p => Scalar(p.Value, $"{key}.{p.Key}") ?? "", StringComparer.Ordinal);
                        break;
                    case "http_server_config":
                        http = !IsNull(value) && Mapping(value, key).Count > 0;
                        break;
                    default:
                        throw Unknown(key, value);
                }
            }

            return new Document(tls, users, http);
        }
    }

    private sealed record TlsDocument(
        string? CertFile,
        string? KeyFile,
        string? ClientAuthType,
        string? ClientCaFile,
        string? MinVersion,
        string? MaxVersion,
        int CipherSuites,
        int CurvePreferences)
    {
        public static TlsDocument Parse(YamlNode node)
        {
            var scalars = new Dictionary<string, string?>(StringComparer.Ordinal);
            int cipherSuites = 0, curvePreferences = 0;
            foreach (var (key, value) in Mapping(node, "tls_server_config"))
            {
                switch (key)
                {
                    case "cert_file" or "key_file" or "client_auth_type" or "client_ca_file" or "min_version" or "max_version" or "prefer_server_cipher_suites":
                        scalars[key] = Scalar(value, "tls_server_config." + key);
                        break;
                    case "cipher_suites":
                        cipherSuites = SequenceLength(value, "tls_server_config." + key);
                        break;
                    case "curve_preferences":
                        curvePreferences = SequenceLength(value, "tls_server_config." + key);
                        break;
                    default:
                        throw Unknown("tls_server_config." + key, value);
                }
            }

            string? Get(string key) => scalars.GetValueOrDefault(key);
            return new TlsDocument(
                Get("cert_file"), Get("key_file"), Get("client_auth_type"), Get("client_ca_file"), Get("min_version"), Get("max_version"), cipherSuites, curvePreferences);
        }
    }

    private static bool IsNull(YamlNode? node) => node is null || (node is YamlScalarNode { Value: null or "" or "~" or "null" } scalar && scalar.Style == ScalarStyle.Plain);

    private static Dictionary<string, YamlNode> Mapping(YamlNode node, string what)
    {
        if (node is not YamlMappingNode mapping)
        {
            throw new YamlException(node.Start, node.End, $"{what} must be a mapping");
        }

        var entries = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
        foreach (var (key, value) in mapping.Children)
        {
            // YamlDotNet has already refused a key given twice.
            entries[key is YamlScalarNode { Value: { } text } ? text : throw new YamlException(key.Start, key.End, $"a key of {what} must be a string")] = value;
        }

        return entries;
    }

    private static string? Scalar(YamlNode node, string what) => IsNull(node)
        ? null
        : node is YamlScalarNode scalar ? scalar.Value : throw new YamlException(node.Start, node.End, $"{what} must be a single value");

    private static int SequenceLength(YamlNode node, string what) => IsNull(node)
        ? 0
        : node is YamlSequenceNode sequence ? sequence.Children.Count : throw new YamlException(node.Start, node.End, $"{what} must be a list");

    private static YamlException Unknown(string key, YamlNode value) => new(value.Start, value.End, $"unknown key \"{key}\"");
}

/// <param name="ClientAuthType">One of Go's tls.ClientAuthType names, as the exporter toolkit takes them.</param>
/// <param name="ClientCa">The CAs a client certificate must chain to, when client_ca_file is set.</param>
/// <param name="Protocols">The TLS versions offered.</param>
internal sealed record TlsSettings(X509Certificate2 Certificate, string ClientAuthType, X509Certificate2Collection? ClientCa, SslProtocols Protocols);
