using System.Text.Json;
using DockerNetExporter.Configuration;
using DockerNetExporter.Kernel;
using DockerNetExporter.Report;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Http;

/// <summary>
/// GET /topology: the current topology as JSON (<see cref="TopologyReport"/>), with rates over
/// <c>?interval=</c> (a Prometheus duration, 1s by default, from 100ms to 10s), read from the
/// veths' statistics when asked, not from the scrape's series. One request at a time reads: each
/// opens eight files per veth, within the exporter's open-file budget.
/// </summary>
internal static class TopologyEndpoint
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MinInterval = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan MaxInterval = TimeSpan.FromSeconds(10);
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    public static async Task HandleAsync(HttpContext context)
    {
        var interval = DefaultInterval;
        var asked = context.Request.Query["interval"];
        if (asked.Count > 1 || (asked is [{ } text] && (!PrometheusDuration.TryParse(text, out interval) || interval < MinInterval || interval > MaxInterval)))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync("interval: want one duration from 100ms to 10s, e.g. 1s or 500ms\n", context.RequestAborted);
            return;
        }

        var services = context.RequestServices;
        TopologyReport report;
        await OneAtATime.WaitAsync(context.RequestAborted);
        try
        {
            report = await TopologyReport.TakeAsync(
                services.GetRequiredService<TopologyStore>().Current,
                interval,
                services.GetRequiredService<OpenFileBudget>(),
                services.GetRequiredService<TimeProvider>(),
                context.RequestAborted);
        }
        finally
        {
            OneAtATime.Release();
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, report, TopologyJson.Default.TopologyReport, context.RequestAborted);
    }
}
