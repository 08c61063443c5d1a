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
/// veths' statistics when asked, not from the scrape's series. One read at a time (each opens
/// eight files per veth, within the exporter's open-file budget): a request that comes meanwhile
/// asking the same interval is answered from that read (two pages open, or a page and a script, do
/// not wait on each other); one asking another interval gets 429 with Retry-After, not a place in
/// a queue. One per exporter (<paramref name="services"/>: the application's).
/// </summary>
internal sealed class TopologyEndpoint(IServiceProvider services)
{
    private readonly Lock gate = new();

    /// <summary>The read last begun (done once its report is), or null; under <see cref="gate"/>.</summary>
    private Read? current;

    public async Task HandleAsync(HttpContext context)
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

        var time = services.GetRequiredService<TimeProvider>();
        Read read;
        lock (gate)
        {
            if (current is null || current.Report.IsCompleted)
            {
                current = Read.Start(services, time, interval);
            }

            read = current;
        }

        if (read.Interval != interval)
        {
            // Queued, requests would pile up without bound behind one that takes up to 10 s.
            var remaining = time.GetElapsedTime(time.GetTimestamp(), read.DueAt);
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(remaining.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
            await context.Response.WriteAsync("another /topology request is being served: try again after Retry-After seconds\n", context.RequestAborted);
            return;
        }

        var report = await read.Report.WaitAsync(context.RequestAborted);

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

    /// <param name="DueAt">When its second read is due (a <see cref="TimeProvider"/> timestamp): what Retry-After counts to.</param>
    private sealed record Read(TimeSpan Interval, long DueAt, Task<TopologyReport> Report)
    {
        /// <summary>
        /// Begins a read that no request owns: one whose client goes away does not cancel it under
        /// the others answered from it (it ends soon after its interval, 10 s at most, either way).
        /// </summary>
        public static Read Start(IServiceProvider services, TimeProvider time, TimeSpan interval)
        {
            var snapshot = services.GetRequiredService<TopologyStore>().Current;
            var sysfsType = services.GetRequiredService<KernelPaths>().SysfsType;
            var netDev = services.GetRequiredService<NamespaceNetDev>();
            var protocolFiles = services.GetRequiredService<NamespaceProtocolFiles>();
            var budget = services.GetRequiredService<OpenFileBudget>();
            var report = Task.Run(() => TopologyReport.TakeAsync(snapshot, interval, sysfsType, netDev, protocolFiles, budget, time, CancellationToken.None));
            return new Read(interval, time.GetTimestamp() + (long)(interval.TotalSeconds * time.TimestampFrequency), report);
        }
    }

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
