using System.Globalization;
using System.Text.Json;
using DockerNetExporter.Configuration;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Report;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Http;

/// <summary>
/// GET /topology: the current topology as JSON (<see cref="TopologyReport"/>), with rates over
/// <c>?interval=</c> (<see cref="TopologyInterval"/>, 1s by default), read from the
/// veths' statistics when asked, not from the scrape's series. One request at a time reads (each
/// opens eight files per veth, within the exporter's open-file budget); one that comes meanwhile
/// gets 429 with Retry-After, not a place in a queue.
/// </summary>
internal static class TopologyEndpoint
{
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

    /// <summary>When the request being served is due to have its second read (a <see cref="TimeProvider"/> timestamp): what Retry-After counts to.</summary>
    private static long busyUntil;

    public static async Task HandleAsync(HttpContext context)
    {
        var interval = TopologyInterval.Default;
        var asked = context.Request.Query["interval"];
        if (asked.Count > 1 || (asked is [{ } text] && !TopologyInterval.TryParse(text, out interval)))
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync($"interval: want {TopologyInterval.Wanted}\n", context.RequestAborted);
            return;
        }

        var services = context.RequestServices;
        var time = services.GetRequiredService<TimeProvider>();
        if (!OneAtATime.Wait(0))
        {
            // Queued, requests would pile up without bound behind one that takes up to 10 s.
            var remaining = time.GetElapsedTime(time.GetTimestamp(), Volatile.Read(ref busyUntil));
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(remaining.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await context.Response.WriteAsync("another /topology request is being served: try again after Retry-After seconds\n", context.RequestAborted);
            return;
        }

        TopologyReport report;
        try
        {
            Volatile.Write(ref busyUntil, time.GetTimestamp() + (long)(interval.TotalSeconds * time.TimestampFrequency));
            report = await TopologyReport.TakeAsync(
                services.GetRequiredService<TopologyStore>().Current,
                interval,
                services.GetRequiredService<KernelPaths>().SysfsType,
                services.GetRequiredService<NamespaceNetDev>(),
                services.GetRequiredService<NamespaceProtocolFiles>(),
                services.GetRequiredService<OpenFileBudget>(),
                time,
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
