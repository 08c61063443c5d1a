using System.Net;

namespace DockerNetExporter.Http;

/// <summary>
/// The page at /: a header with what this port serves, the controls, and the place where
/// static/topology.js draws the host's network from /topology. No inline script or style, so that
/// <see cref="PageSecurityHeaders"/> can forbid both.
/// </summary>
internal static class LandingPage
{
    /// <param name="telemetryPath">Where the metrics are, linked relative to the page, as the other links and the page's own files, so that a proxy's prefix is kept.</param>
    public static string Html(string version, string telemetryPath) => $$"""
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>docker-net-exporter</title>
        <link rel="stylesheet" href="static/topology.css">
        <script src="static/topology.js" defer></script>
        </head>
        <body>
        <header>
        <h1>docker-net-exporter {{WebUtility.HtmlEncode(version)}}</h1>
        <nav>
        <a href="{{WebUtility.HtmlEncode(telemetryPath.TrimStart('/'))}}">{{WebUtility.HtmlEncode(telemetryPath)}}</a>: the metrics, in Prometheus text format (OpenMetrics when asked) ·
        <a href="topology">/topology</a>: the bridges, veths and containers behind them, with rates, as JSON (<code>?format=text</code> or <code>dot</code> for the others) ·
        <a href="healthz">/healthz</a>: liveness of the exporter itself
        </nav>
        <p>Per-container network counters for Docker hosts: each container interface, the host-side veth at its other end,
        the bridge that veth is attached to, and the Docker network behind the bridge.</p>
        </header>
        <form id="controls" autocomplete="off">
        <label>Filter <input id="filter" type="search" placeholder="container, network or bridge"></label>
        <label>Refresh every <select id="refresh">
        <option value="2000">2 s</option>
        <option value="5000" selected>5 s</option>
        <option value="10000">10 s</option>
        <option value="30000">30 s</option>
        <option value="60000">60 s</option>
        </select></label>
        <button id="pause" type="button">Pause</button>
        <button id="download" type="button">Download SVG</button>
        <span id="status" role="status">loading…</span>
        </form>
        <main id="drawing"></main>
        </body>
        </html>
        """;
}
