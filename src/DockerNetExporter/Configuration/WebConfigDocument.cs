using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace DockerNetExporter.Configuration;

/// <summary>
/// The web config file's shape, as the exporter toolkit's Config struct reads it with yaml.v2's
/// UnmarshalStrict: read from YAML's node tree rather than bound by reflection (which native AOT
/// cannot do); an unknown key, a key given twice, or a value of the wrong kind is an error at its
/// line and column. What the values mean is checked by the parts that use them.
/// </summary>
internal sealed record WebConfigDocument(
    TlsDocument? Tls,
    HttpServerDocument? HttpServer,
    RateLimitDocument? RateLimit,
    IReadOnlyDictionary<string, string> BasicAuthUsers)
{
    public static WebConfigDocument Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var root = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
        TlsDocument? tls = null;
        HttpServerDocument? http = null;
        RateLimitDocument? rateLimit = null;
        Dictionary<string, string> users = new(StringComparer.Ordinal);
        foreach (var (key, value) in YamlNodes.Mapping(root, "the file"))
        {
            switch (key)
            {
                case "tls_server_config":
                    tls = YamlNodes.IsNull(value) ? null : TlsDocument.Parse(value);
                    break;
                case "http_server_config":
                    http = YamlNodes.IsNull(value) ? null : HttpServerDocument.Parse(value);
                    break;
                case "rate_limit":
                    rateLimit = YamlNodes.IsNull(value) ? null : RateLimitDocument.Parse(value);
                    break;
                case "basic_auth_users":
                    users = YamlNodes.Mapping(value, key).ToDictionary(p => p.Key, p => YamlNodes.Scalar(p.Value, $"{key}.{p.Key}") ?? "", StringComparer.Ordinal);
                    break;
                default:
                    throw YamlNodes.Unknown(key, value);
            }
        }

        return new WebConfigDocument(tls, http, rateLimit, users);
    }
}

/// <summary>tls_server_config, as written; paths are relative to the web config file.</summary>
internal sealed record TlsDocument(
    string? Cert,
    string? Key,
    string? CertFile,
    string? KeyFile,
    string? ClientCa,
    string? ClientCaFile,
    string? ClientAuthType,
    IReadOnlyList<string>? CipherSuites,
    IReadOnlyList<string>? CurvePreferences,
    string? MinVersion,
    string? MaxVersion,
    IReadOnlyList<string>? ClientAllowedSans)
{
    private const string Section = "tls_server_config";

    /// <summary>
    /// Whether the section asks for TLS at all, as the toolkit's TLSConfig.IsEnabled decides: a
    /// certificate, a key, a client CA or a client_auth_type. Versions or ciphers alone do not.
    /// </summary>
    public bool AsksForTls => new[] { Cert, Key, CertFile, KeyFile, ClientCa, ClientCaFile, ClientAuthType }.Any(v => !string.IsNullOrEmpty(v));

    /// <summary>The files this section names, read with the web config file.</summary>
    public IEnumerable<string> NamedFiles => new[] { CertFile, KeyFile, ClientCaFile }.Where(f => !string.IsNullOrEmpty(f))!;

    public static TlsDocument Parse(YamlNode node)
    {
        var scalars = new Dictionary<string, string?>(StringComparer.Ordinal);
        var lists = new Dictionary<string, IReadOnlyList<string>?>(StringComparer.Ordinal);
        foreach (var (key, value) in YamlNodes.Mapping(node, Section))
        {
            var what = $"{Section}.{key}";
            switch (key)
            {
                case "cert" or "key" or "cert_file" or "key_file" or "client_ca" or "client_ca_file" or "client_auth_type" or "min_version" or "max_version":
                    scalars[key] = YamlNodes.Scalar(value, what);
                    break;
                case "cipher_suites" or "curve_preferences" or "client_allowed_sans":
                    lists[key] = YamlNodes.Sequence(value, what);
                    break;
                case "prefer_server_cipher_suites":
                    // Read and checked, and without effect: Go has ignored it since 1.17, as OpenSSL's choice here is its own.
                    YamlNodes.Boolean(value, what);
                    break;
                default:
                    throw YamlNodes.Unknown(what, value);
            }
        }

        string? Get(string key) => scalars.GetValueOrDefault(key);
        IReadOnlyList<string>? List(string key) => lists.GetValueOrDefault(key);
        return new TlsDocument(
            Get("cert"), Get("key"), Get("cert_file"), Get("key_file"), Get("client_ca"), Get("client_ca_file"), Get("client_auth_type"),
            List("cipher_suites"), List("curve_preferences"), Get("min_version"), Get("max_version"), List("client_allowed_sans"));
    }
}

/// <summary>http_server_config: http2 (on unless false) and headers.</summary>
internal sealed record HttpServerDocument(bool? Http2, IReadOnlyDictionary<string, string> Headers)
{
    private const string Section = "http_server_config";

    public static HttpServerDocument Parse(YamlNode node)
    {
        bool? http2 = null;
        var headers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in YamlNodes.Mapping(node, Section))
        {
            switch (key)
            {
                case "http2":
                    http2 = YamlNodes.Boolean(value, $"{Section}.{key}");
                    break;
                case "headers":
                    headers = YamlNodes.Mapping(value, $"{Section}.{key}").ToDictionary(p => p.Key, p => YamlNodes.Scalar(p.Value, $"{Section}.headers.{p.Key}") ?? "", StringComparer.Ordinal);
                    break;
                default:
                    throw YamlNodes.Unknown($"{Section}.{key}", value);
            }
        }

        return new HttpServerDocument(http2, headers);
    }
}

/// <summary>rate_limit, as written: interval is a Go duration (or an integer of nanoseconds, as yaml.v2 reads one), burst an integer.</summary>
internal sealed record RateLimitDocument(string? Interval, bool IntervalIsInteger, string? Burst)
{
    private const string Section = "rate_limit";

    public static RateLimitDocument Parse(YamlNode node)
    {
        string? interval = null, burst = null;
        var integer = false;
        foreach (var (key, value) in YamlNodes.Mapping(node, Section))
        {
            switch (key)
            {
                case "interval":
                    interval = YamlNodes.Scalar(value, $"{Section}.{key}");
                    integer = value is YamlScalarNode { Style: ScalarStyle.Plain };
                    break;
                case "burst":
                    burst = YamlNodes.Scalar(value, $"{Section}.{key}");
                    break;
                default:
                    throw YamlNodes.Unknown($"{Section}.{key}", value);
            }
        }

        return new RateLimitDocument(interval, integer && long.TryParse(interval, out _), burst);
    }
}
