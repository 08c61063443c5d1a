using System.Text.Json;
using DockerNetExporter.Configuration;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Http;

/// <summary>
/// GET /topology: the current topology as JSON (<see cref="TopologyReport"/>), with rates over
/// <c>?interval=</c> (a Prometheus duration, 1s by default, at most 10s), read from the veths'
/// statistics when asked, not from the scrape's series.
/// </summary>
internal static class TopologyEndpoint
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(10);

    public static async Task HandleAsync(HttpContext context)
    {
        var interval = DefaultInterval;
        if (context.Request.Query["interval"] is [{ } text]
            && (!PrometheusDuration.TryParse(text, out interval) || interval > MaxInterval))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("interval: want a duration from 0s to 10s, e.g. 1s or 500ms\n", context.RequestAborted);
            return;
        }

        var services = context.RequestServices;
        var report = await TopologyReport.TakeAsync(
            services.GetRequiredService<TopologyStore>().Current, interval, services.GetRequiredService<TimeProvider>(), context.RequestAborted);
        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, report, TopologyJson.Default.TopologyReport, context.RequestAborted);
    }
}
