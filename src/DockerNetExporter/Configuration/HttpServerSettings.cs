namespace DockerNetExporter.Configuration;

/// <summary>
/// http_server_config: whether HTTP/2 is offered over TLS (ALPN "h2"; on unless http2: false), and
/// the response headers to add. Only the exporter toolkit's five headers may be set, so that every
/// Prometheus exporter allows the same ones, and the two with a fixed set of values take only those
/// (names and values as the toolkit compares them: exactly, case included).
/// </summary>
internal sealed record HttpServerSettings(bool Http2, IReadOnlyDictionary<string, string> Headers)
{
    public static readonly HttpServerSettings Default = new(true, new Dictionary<string, string>());

    private const string Section = "http_server_config.headers";

    private static readonly Dictionary<string, string[]?> AllowedHeaders = new(StringComparer.Ordinal)
    {
        ["Strict-Transport-Security"] = null,
        ["X-Content-Type-Options"] = ["nosniff"],
        ["X-Frame-Options"] = ["deny", "sameorigin"],
        ["X-XSS-Protection"] = null,
        ["Content-Security-Policy"] = null,
    };

    public static HttpServerSettings From(HttpServerDocument? document)
    {
        if (document is null)
        {
            return Default;
        }

        foreach (var (name, value) in document.Headers)
        {
            if (!AllowedHeaders.TryGetValue(name, out var values))
            {
                throw new InvalidDataException($"{Section}: \"{name}\" cannot be set; the headers the exporter toolkit allows are {string.Join(", ", AllowedHeaders.Keys)}");
            }

            if (values is not null && !values.Contains(value, StringComparer.Ordinal))
            {
                throw new InvalidDataException($"{Section}.{name} \"{value}\" is not allowed; want {string.Join(" or ", values)}");
            }

            // A line break or other control character would end the header early, or be refused by Kestrel at every response.
            if (value.Any(char.IsControl))
            {
                throw new InvalidDataException($"{Section}.{name} holds a line break or another control character");
            }
        }

        return new HttpServerSettings(document.Http2 ?? true, document.Headers);
    }
}
