using System.Globalization;

namespace DockerNetExporter.Configuration;

/// <summary>
/// The --web.config.file of the Prometheus exporter toolkit (prometheus/exporter-toolkit,
/// docs/web-configuration.md), whole, so the file other exporters read works here and one they
/// refuse is refused: tls_server_config, http_server_config, rate_limit and basic_auth_users. Paths
/// are relative to the file. Every problem is one message naming the flag, the file and what is
/// wrong (with the line and column for YAML); what is accepted but cannot be applied is in
/// <see cref="Notices"/>, for the log.
/// </summary>
/// <param name="Path">The file, as given; it is re-read on change (Http/WebConfigReloader).</param>
/// <param name="Tls">Null: plain HTTP.</param>
/// <param name="RateLimit">Null: no limit.</param>
/// <param name="Fingerprint">Of the file and the files it names as they were read for this load.</param>
internal sealed record WebConfig(
    string Path,
    TlsSettings? Tls,
    IReadOnlyDictionary<string, string> BasicAuthUsers,
    HttpServerSettings HttpServer,
    RateLimitSettings? RateLimit,
    IReadOnlyList<string> Notices,
    string Fingerprint)
{
    public const string Flag = "--web.config.file";

    public static WebConfig Load(string path) => From(WebConfigFiles.Read(path));

    /// <summary>Builds from one read of the files, which the reload poll has fingerprinted.</summary>
    public static WebConfig From(WebConfigFiles files)
    {
        try
        {
            var document = files.Document ?? throw new InvalidDataException(files.Problem);
            foreach (var (user, hash) in document.BasicAuthUsers)
            {
                if (!BcryptHash.IsValid(hash))
                {
                    throw new InvalidDataException($"basic_auth_users.{user} is not a bcrypt hash (make one with htpasswd -nBC 10 {user})");
                }
            }

            var notices = new List<string>();
            var http = HttpServerSettings.From(document.HttpServer);
            return new WebConfig(
                files.Path,
                TlsSettings.From(document.Tls, files, http.Http2, notices),
                document.BasicAuthUsers,
                http,
                RateLimitSettings.From(document.RateLimit, notices),
                notices,
                files.Fingerprint);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidFlagException(Flag, $"invalid {Flag} \"{files.Path}\": {e.Message}");
        }
    }

    /// <summary>What is in force, in a few words, for the log line of a reload.</summary>
    public string Describe()
    {
        var tls = Tls is null
            ? "plain HTTP"
            : $"TLS with certificate \"{Tls.Certificate.Subject}\" (valid until {Tls.Certificate.NotAfter.ToUniversalTime().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}), client_auth_type {Tls.ClientAuthType}, HTTP/2 {(HttpServer.Http2 ? "on" : "off")}";
        var rate = RateLimit is null ? "no rate limit" : $"rate limit of {RateLimit.Burst} every {RateLimit.Interval.TotalSeconds:0.###}s";
        return $"{tls}; {BasicAuthUsers.Count} basic auth users; {HttpServer.Headers.Count} headers; {rate}";
    }
}
