using Prometheus;

namespace DockerNetExporter.Http;

/// <summary>The HTTP surface: /metrics (the registry that AddMetrics made), the landing page at /, /topology and /healthz. Anything else is a 404.</summary>
internal static class ExporterEndpoints
{
    public static void Map(WebApplication app, string version)
    {
        var registry = app.Services.GetRequiredService<CollectorRegistry>();
        app.MapMetrics(settings =>
        {
            settings.Registry = registry;
            settings.EnableOpenMetrics = true;
        }, "/metrics");
        // Plain RequestDelegates: a minimal-API lambda would be compiled through System.Linq.Expressions
        // at start, which costs resident memory for the life of the process.
        var landing = LandingPage.Html(version);
        app.MapGet("/", Text(landing, "text/html; charset=utf-8"));

        app.MapGet("/topology", TopologyEndpoint.HandleAsync);

        // Liveness of the process only: Docker being down is reported by dockernet_docker_up, not by restarting the exporter.
        app.MapGet("/healthz", Text("ok\n", "text/plain; charset=utf-8"));
    }

    private static RequestDelegate Text(string body, string contentType) => context =>
    {
        context.Response.ContentType = contentType;
        return context.Response.WriteAsync(body, context.RequestAborted);
    };
}
