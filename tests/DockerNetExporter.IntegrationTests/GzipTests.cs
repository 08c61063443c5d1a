using System.Collections.Concurrent;
using System.Diagnostics;
using System.IO.Compression;
using System.Net;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// /metrics gzip-compressed when the request's Accept-Encoding allows it, identity otherwise, from
/// the executable as a process. The client here decompresses nothing itself: what it reads is the
/// bytes on the wire.
/// </summary>
[Collection(DockerCollection.Name)]
public sealed class GzipTests(DockerEnvironment environment, GzipTests.ExporterAsProcess exporter) : IClassFixture<GzipTests.ExporterAsProcess>
{
    private HttpClient Http => exporter.Http;

    [Theory]
    [InlineData("gzip", true)]
    [InlineData("gzip, deflate, br", true)] // what a browser sends; Prometheus sends gzip alone
    [InlineData("*", true)]
    [InlineData("identity;q=0.1, gzip;q=0.9", true)]
    [InlineData("GZIP", true)]
    [InlineData("identity", false)]
    [InlineData("gzip;q=0", false)]
    [InlineData("gzip;q=0.5, identity", false)] // identity preferred, at q=1
    [InlineData("br", false)]
    [InlineData("deflate", false)]
    [InlineData(null, false)]
    public async Task Accept_Encoding_chooses_gzip_or_identity_and_Vary_says_so(string? acceptEncoding, bool gzip)
    {
        using var response = await SendAsync(HttpMethod.Get, acceptEncoding);
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(gzip ? ["gzip"] : [], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        var text = gzip ? Gunzip(body) : System.Text.Encoding.UTF8.GetString(body);
        Assert.Contains("dockernet_docker_up 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_gzip_body_holds_the_series_identity_serves_and_is_smaller()
    {
        var name = environment.Docker.Name("gzip");
        await environment.Docker.StartContainerAsync(name, []);
        await MetricsEndpoint.WaitForAsync(Http, s => s.Name == "dockernet_container_info" && s["container"] == name, TimeSpan.FromSeconds(30), $"info of {name}");

        // Other containers of the shared engine come and go: compare a gzip scrape with identity
        // scrapes on either side of it that agree on the series.
        var (identity, compressed, identityBytes, compressedBytes) = await Eventually.WaitForAsync(
            async () =>
            {
                var before = await ScrapeAsync(null);
                var gzip = await ScrapeAsync("gzip");
                var after = await ScrapeAsync(null);
                return SeriesOf(before.Text).SetEquals(SeriesOf(after.Text))
                    ? new Scrapes(before.Text, Gunzip(gzip.Body), before.Body.Length, gzip.Body.Length)
                    : null;
            },
            TimeSpan.FromSeconds(30),
            "two identity scrapes with the same series around a gzip one");

        Assert.Equal(SeriesOf(identity).Order(StringComparer.Ordinal), SeriesOf(compressed).Order(StringComparer.Ordinal));
        // Values that do not move with time are the same: the info series, each 1.
        Assert.Equal(InfoValues(identity), InfoValues(compressed));
        Assert.Contains(InfoValues(compressed), s => s.Contains($"container=\"{name}\"", StringComparison.Ordinal));
        // The exposition is repetitive text: a third is a generous bound (measured here with a few
        // containers: 7,544 of 38,310 bytes, a fifth; at 1,000, a sixteenth, docs/benchmarks.md).
        Assert.True(compressedBytes * 3 < identityBytes, $"gzip {compressedBytes} bytes, identity {identityBytes}");
    }

    [Theory]
    [InlineData("gzip", true)]
    [InlineData(null, false)]
    public async Task HEAD_gets_the_headers_of_GET_and_no_body(string? acceptEncoding, bool gzip)
    {
        using var response = await SendAsync(HttpMethod.Head, acceptEncoding);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(gzip ? ["gzip"] : [], response.Content.Headers.ContentEncoding);
        Assert.Contains("Accept-Encoding", response.Headers.Vary);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Theory]
    [InlineData("gzip", true)]
    [InlineData(null, false)]
    public async Task OpenMetrics_is_negotiated_as_before_and_compressed_when_asked(string? acceptEncoding, bool gzip)
    {
        using var response = await SendAsync(HttpMethod.Get, acceptEncoding, "application/openmetrics-text; version=1.0.0");
        var body = await response.Content.ReadAsByteArrayAsync();

        Assert.StartsWith("application/openmetrics-text", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Equal(gzip ? ["gzip"] : [], response.Content.Headers.ContentEncoding);
        Assert.EndsWith("# EOF\n", gzip ? Gunzip(body) : System.Text.Encoding.UTF8.GetString(body), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/healthz")]
    public async Task Only_metrics_is_compressed(string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Accept-Encoding", "gzip");
        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Content.Headers.ContentEncoding);
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string? acceptEncoding, string? accept = null)
    {
        using var request = new HttpRequestMessage(method, "/metrics");
        if (acceptEncoding is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept-Encoding", acceptEncoding);
        }

        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        return await Http.SendAsync(request);
    }

    private async Task<(byte[] Body, string Text)> ScrapeAsync(string? acceptEncoding)
    {
        using var response = await SendAsync(HttpMethod.Get, acceptEncoding);
        var body = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(acceptEncoding is null ? [] : ["gzip"], response.Content.Headers.ContentEncoding);
        return (body, System.Text.Encoding.UTF8.GetString(body));
    }

    private static string Gunzip(byte[] body)
    {
        using var gzip = new GZipStream(new MemoryStream(body), CompressionMode.Decompress);
        using var text = new StreamReader(gzip);
        return text.ReadToEnd();
    }

    /// <summary>Each series by name and labels, its value left out: counters and durations move between scrapes.</summary>
    private static HashSet<string> SeriesOf(string exposition) =>
        MetricsText.Parse(exposition).Select(s => s.Name + "{" + string.Join(',', s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}").ToHashSet(StringComparer.Ordinal);

    private static List<string> InfoValues(string exposition) =>
        [.. MetricsText.Parse(exposition).Where(s => s.Name.EndsWith("_info", StringComparison.Ordinal))
            .Select(s => $"{s.Name}{{{string.Join(',', s.Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\""))}}} {s.Value}")
            .Order(StringComparer.Ordinal)];

    private sealed record Scrapes(string Identity, string Gzip, int IdentityBytes, int GzipBytes);

    /// <summary>One exporter process for the class, against the shared engine.</summary>
    public sealed class ExporterAsProcess : IAsyncLifetime
    {
        private readonly ConcurrentQueue<string> output = new();
        private Process? process;

        public HttpClient Http { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var port = ExporterProcess.FreeLoopbackPort();
            process = ExporterProcess.Start(output, $"--web.listen-address=127.0.0.1:{port}", $"--docker.host={DockerEnvironment.DockerHost}");
            // No automatic decompression: the handler sends no Accept-Encoding of its own.
            Http = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(10) };
            await Eventually.WaitForAsync(() => ExporterProcess.HealthyAsync(Http), TimeSpan.FromSeconds(30), "the exporter process healthy");
            await MetricsEndpoint.WaitForAsync(Http, s => s.Name == "dockernet_docker_up" && s.Value == 1, TimeSpan.FromSeconds(30), "dockernet_docker_up 1");
        }

        public async Task DisposeAsync()
        {
            Http.Dispose();
            if (process is not null)
            {
                await ExporterProcess.KillIfRunningAsync(process);
                process.Dispose();
            }
        }
    }
}
