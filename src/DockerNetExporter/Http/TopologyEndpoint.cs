using System.Globalization;
using System.Text;
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
/// not wait on each other), each format rendered once for all of them; one asking another interval
/// gets 429 with Retry-After, not a place in a queue. One per exporter.
/// </summary>
internal sealed class TopologyEndpoint(IServiceProvider services)
{
    private readonly TimeProvider time = services.GetRequiredService<TimeProvider>();
    private readonly TopologyStore store = services.GetRequiredService<TopologyStore>();
    private readonly KernelPaths paths = services.GetRequiredService<KernelPaths>();
    private readonly NamespaceNetDev netDev = services.GetRequiredService<NamespaceNetDev>();
    private readonly NamespaceProtocolFiles protocolFiles = services.GetRequiredService<NamespaceProtocolFiles>();
    private readonly OpenFileBudget budget = services.GetRequiredService<OpenFileBudget>();
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

        // Names in the answer are Docker's and the containers': never to be read as another type.
        context.Response.Headers.XContentTypeOptions = "nosniff";
        if (wrong is not null)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(wrong + "\n", context.RequestAborted);
            return;
        }

        Read read;
        lock (gate)
        {
            if (current is null || current.Report.IsCompleted)
            {
                current = Start(interval);
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

        var body = await read.Rendered[(int)format].Value.WaitAsync(context.RequestAborted);
        context.Response.ContentType = format switch
        {
            TopologyOutput.Dot => "text/vnd.graphviz; charset=utf-8",
            TopologyOutput.Text => "text/plain; charset=utf-8",
            _ => "application/json; charset=utf-8",
        };
        context.Response.ContentLength = body.Length;
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>
    /// Begins a read that no request owns: one whose client goes away does not cancel it under
    /// the others answered from it (it ends soon after its interval, 10 s at most, either way).
    /// Task.Run: the first counter read happens outside <see cref="gate"/>.
    /// </summary>
    private Read Start(TimeSpan interval)
    {
        var snapshot = store.Current;
        var report = Task.Run(() => TopologyReport.TakeAsync(snapshot, interval, paths.SysfsType, netDev, protocolFiles, budget, time, CancellationToken.None));
        return new Read(interval, time.GetTimestamp() + (long)(interval.TotalSeconds * time.TimestampFrequency), report);
    }

    private static byte[] Render(TopologyReport report, TopologyOutput format) => format switch
    {
        TopologyOutput.Dot => Encoding.UTF8.GetBytes(TopologyDot.Render(report)),
        TopologyOutput.Text => Encoding.UTF8.GetBytes(TopologyText.Render(report)),
        _ => JsonSerializer.SerializeToUtf8Bytes(report, TopologyJson.Default.TopologyReport),
    };

    private delegate bool Parser<T>(string text, out T value);

    /// <param name="DueAt">When its second read is due (a <see cref="TimeProvider"/> timestamp): what Retry-After counts to.</param>
    private sealed record Read(TimeSpan Interval, long DueAt, Task<TopologyReport> Report)
    {
        /// <summary>
        /// Each format's answer, rendered by the first request that asks it and shared by the rest:
        /// a thousand joined requests hold one body per format, not one each.
        /// </summary>
        public Lazy<Task<byte[]>>[] Rendered { get; } = [.. Enum.GetValues<TopologyOutput>().Select(format =>
            new Lazy<Task<byte[]>>(() => Report.ContinueWith(read => Render(read.Result, format), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default)))];
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
