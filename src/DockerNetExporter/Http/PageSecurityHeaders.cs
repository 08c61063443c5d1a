namespace DockerNetExporter.Http;

/// <summary>
/// What the page and its files are served with: a Content-Security-Policy that lets them load only
/// the exporter's own script and style and fetch only from the exporter (no inline code, no other
/// origin, no framing), and nosniff so that a file is never read as another type. A header the web
/// config's http_server_config.headers set is left as the operator wrote it: the exporter toolkit
/// sends those on every answer, and the operator's policy is the one that holds (README, Security).
/// </summary>
internal static class PageSecurityHeaders
{
    /// <summary>
    /// blob: in img-src only: the SVG download is a blob URL. connect-src 'self' is the page's
    /// fetch of /topology; same origin only, as its credentials are.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' blob:; " +
        "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    public static void Set(HttpResponse response)
    {
        response.Headers.TryAdd("Content-Security-Policy", ContentSecurityPolicy);
        response.Headers.TryAdd("X-Content-Type-Options", "nosniff");
        response.Headers.TryAdd("Referrer-Policy", "no-referrer");
    }
}
