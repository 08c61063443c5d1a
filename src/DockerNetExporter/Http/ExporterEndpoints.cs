using System.Globalization;
using DockerNetExporter.Topology;
using Prometheus;

namespace DockerNetExporter.Http;

/// <summary>
/// The HTTP surface: /metrics or the --web.telemetry-path (the registry that AddMetrics made; gzip when asked, <see cref="MetricsCompression"/>), the page at / (<see cref="LandingPage"/>) and its files (<see cref="PageAssets"/>), /topology
/// and /healthz, each to GET and HEAD only (another method gets 405 with Allow, from routing).
/// Any other path is a 404.
/// </summary>
internal static class ExporterEndpoints
{
    /// <summary>What every endpoint answers: reads. HEAD gets GET's headers without the body.</summary>
    private static readonly string[] ReadMethods = [HttpMethods.Get, HttpMethods.Head];

    public static void Map(WebApplication app, string version, string telemetryPath)
    {
        var registry = app.Services.GetRequiredService<CollectorRegistry>();
        app.MapMetrics(settings =>
        {
            settings.Registry = registry;
            settings.EnableOpenMetrics = true;
        }, telemetryPath).WithMetadata(new HttpMethodMetadata(ReadMethods), ScrapeEndpoint.Marker);
        // Plain RequestDelegates: a minimal-API lambda would be compiled through System.Linq.Expressions
        // at start, which costs resident memory for the life of the process.
        var landing = LandingPage.Html(version, telemetryPath);
        app.MapMethods("/", ReadMethods, Page(Text(landing, "text/html; charset=utf-8")));
        foreach (var (path, contentType) in PageAssets.Files)
        {
            app.MapMethods("/" + path, ReadMethods, Page(Text(PageAssets.Read(path), contentType)));
        }

        app.MapMethods("/topology", ReadMethods, new TopologyEndpoint(app.Services).HandleAsync);

        // Docker being down is reported by dockernet_docker_up, not by restarting the exporter; a
        // discovery of its own that has stalled is the exporter's failure, and said here.
        var progress = app.Services.GetRequiredService<MappingProgress>();
        var ok = Text("ok\n", "text/plain; charset=utf-8");
        app.MapMethods("/healthz", ReadMethods, context =>
        {
            if (!progress.IsStalled())
            {
                return ok(context);
            }

            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Text(
                string.Create(CultureInfo.InvariantCulture, $"discovery stalled: a mapping has run for {progress.Running.TotalSeconds:F0}s, more than one interval ({progress.StallAfter.TotalSeconds:F0}s); serving the last picture\n"),
                "text/plain; charset=utf-8")(context);
        });
    }

    /// <summary>The page or one of its files, with <see cref="PageSecurityHeaders"/>.</summary>
    private static RequestDelegate Page(RequestDelegate serve) => context =>
    {
        PageSecurityHeaders.Set(context.Response);
        return serve(context);
    };

    private static RequestDelegate Text(string body, string contentType) => context =>
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    };
}
