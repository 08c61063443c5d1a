namespace DockerNetExporter.Http;

/// <summary>
/// The scrape endpoint (/metrics or --web.telemetry-path) as routing chose it, by its metadata:
/// every path routing maps there (/metrics/, /METRICS) is a scrape, where a comparison of paths
/// would let /metrics/ past the scrape limit. <see cref="MetricsCompression"/> compresses it and
/// <see cref="ScrapeRequestLimit"/> counts it; both run after routing (WebApplication routes first).
/// </summary>
internal static class ScrapeEndpoint
{
    /// <summary>Endpoint metadata: the endpoint that carries it is the scrape.</summary>
    public static object Marker { get; } = new Scrape();

    public static bool Is(HttpContext context) => context.GetEndpoint()?.Metadata.Contains(Marker) == true;

    private sealed class Scrape;
}
