using System.Net;

namespace DockerNetExporter.Http;

/// <summary>The small page at / that tells a person what this port serves.</summary>
internal static class LandingPage
{
    /// <param name="telemetryPath">Where the metrics are, linked relative to the page, as the other links, so that a proxy's prefix is kept.</param>
    public static string Html(string version, string telemetryPath) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><title>docker-net-exporter</title></head>
        <body>
        <h1>docker-net-exporter {{WebUtility.HtmlEncode(version)}}</h1>
        <p>Per-container network counters for Docker hosts: each container interface, the host-side veth at its other end,
        the bridge that veth is attached to, and the Docker network behind the bridge.</p>
        <ul>
        <li><a href="{{WebUtility.HtmlEncode(telemetryPath.TrimStart('/'))}}">{{WebUtility.HtmlEncode(telemetryPath)}}</a>: the metrics, in Prometheus text format (OpenMetrics when asked)</li>
        <li><a href="topology">/topology</a>: the bridges, veths and containers behind them, with rates, as JSON</li>
        <li><a href="healthz">/healthz</a>: liveness of the exporter itself</li>
        </ul>
        </body>
        </html>
        """;
}
