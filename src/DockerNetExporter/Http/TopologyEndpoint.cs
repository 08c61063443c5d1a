using System.Globalization;
using System.Text.Json;
using DockerNetExporter.Configuration;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Report;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Http;

/// <summary>
/// GET /topology: the current topology as JSON (<see cref="TopologyReport"/>), or as <c>?format=</c>
/// asks (<see cref="TopologyOutputs"/>: <c>dot</c> for Graphviz, <c>text</c>), with rates over
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
        var query = context.Request.Query;
        string? wrong = null;
        if (!TryQuery(query, "interval", TopologyInterval.TryParse, TopologyInterval.Default, out var interval))
        {
            wrong = $"interval: want {TopologyInterval.Wanted}";
        }

        if (!TryQuery(query, "format", TopologyOutputs.TryParse, TopologyOutput.Json, out var format))
        {
            wrong = $"format: want {TopologyOutputs.Wanted}";
        }

        if (wrong is not null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(wrong + "\n", context.RequestAborted);
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

        switch (format)
        {
            case TopologyOutput.Dot:
                context.Response.ContentType = "text/vnd.graphviz; charset=utf-8";
                await context.Response.WriteAsync(TopologyDot.Render(report), context.RequestAborted);
                break;
            case TopologyOutput.Text:
                context.Response.ContentType = "text/plain; charset=utf-8";
                await context.Response.WriteAsync(TopologyText.Render(report), context.RequestAborted);
                break;
            default:
                context.Response.ContentType = "application/json; charset=utf-8";
                await JsonSerializer.SerializeAsync(context.Response.Body, report, TopologyJson.Default.TopologyReport, context.RequestAborted);
                break;
        }
    }

    private delegate bool Parser<T>(string text, out T value);

    /// <summary>A query parameter, given at most once, parsed; <paramref name="otherwise"/> if not given.</summary>
    private static bool TryQuery<T>(IQueryCollection query, string key, Parser<T> parse, T otherwise, out T value)
    {
        value = otherwise;
        var asked = query[key];
        return asked.Count switch
        {
            0 => true,
            1 => parse(asked[0]!, out value),
            _ => false,
        };
    }
}
