using System.Net;
using System.Net.Sockets;
using System.Text;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>The HTTP surface as a Prometheus server and a person see it.</summary>
[Collection(DockerCollection.Name)]
public sealed class HttpTests(DockerEnvironment environment)
{
    private HttpClient Http => environment.Exporter.Http;

    [Fact]
    public async Task Metrics_pass_promtool_check_metrics()
    {
        var name = environment.Docker.Name("promtool");
        await environment.Docker.StartContainerAsync(name, []);
        await environment.WaitForSampleAsync("dockernet_container_info", s => s["container"] == name, $"info of {name}");

        var text = await environment.Exporter.ScrapeTextAsync();
        var (exitCode, stdout, stderr) = await Shell.RunAsync("promtool", ["check", "metrics"], standardInput: text);
        Assert.True(exitCode == 0, $"promtool check metrics: {stdout} {stderr}");
        Assert.Contains("# TYPE dockernet_container_receive_dropped_total counter", text, StringComparison.Ordinal);
        Assert.Contains("dockernet_docker_up 1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Concurrent_scrapes_all_succeed_with_whole_expositions()
    {
        var texts = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => environment.Exporter.ScrapeTextAsync()));

        foreach (var text in texts)
        {
            var samples = MetricsText.Parse(text);
            Assert.Equal(1, Assert.Single(samples, s => s.Name == "dockernet_docker_up").Value);
            Assert.Single(samples, s => s.Name == "dockernet_scrape_duration_seconds");
        }
    }

    [Fact]
    public async Task OpenMetrics_is_served_when_asked_for()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        request.Headers.Accept.ParseAdd("application/openmetrics-text; version=1.0.0");
        using var response = await Http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("application/openmetrics-text", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("# EOF\n", body, StringComparison.Ordinal);

        using var plain = await Http.GetAsync(new Uri("/metrics", UriKind.Relative));
        Assert.StartsWith("text/plain", plain.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Landing_page_health_and_unknown_paths()
    {
        var landing = await Http.GetAsync(new Uri("/", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, landing.StatusCode);
        Assert.Contains("href=\"metrics\"", await landing.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var health = await Http.GetAsync(new Uri("/healthz", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);

        var unknown = await Http.GetAsync(new Uri("/no/such/page", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Theory]
    [InlineData("GET /metrics HTTP/1.1\r\nHost: x\r\nno colon here\r\n\r\n")] // a header line without a colon
    [InlineData("GET /metrics HTTP/9.9\r\nHost: x\r\n\r\n")] // Kestrel alone would answer 505
    [InlineData("NOT A REQUEST\r\n\r\n")]
    [InlineData("GET /metrics\r\n\r\n")]
    [InlineData("\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003\r\n\r\n")] // a TLS hello on the plain port
    public async Task Malformed_request_gets_a_400_and_the_exporter_keeps_serving(string request)
    {
        var endPoint = Http.BaseAddress!;
        using (var client = new TcpClient())
        {
            await client.ConnectAsync(endPoint.Host, endPoint.Port);
            var stream = client.GetStream();
            await stream.WriteAsync(Encoding.Latin1.GetBytes(request));
            var buffer = new byte[256];
            var read = await stream.ReadAsync(buffer);
            Assert.StartsWith("HTTP/1.1 400", Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
    }

    /// <summary>POST, DELETE or any other method served the metrics before; reads only now.</summary>
    [Theory]
    [InlineData("POST", "/metrics")]
    [InlineData("DELETE", "/metrics")]
    [InlineData("FOO", "/metrics")]
    [InlineData("PUT", "/topology")]
    [InlineData("POST", "/healthz")]
    [InlineData("POST", "/")]
    public async Task Another_method_than_GET_or_HEAD_gets_405_with_Allow(string method, string path)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), path);
        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["GET", "HEAD"], response.Content.Headers.Allow.Order(StringComparer.Ordinal));
        Assert.DoesNotContain("dockernet_", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/metrics", "text/plain")]
    [InlineData("/healthz", "text/plain")]
    [InlineData("/", "text/html")]
    public async Task HEAD_is_answered_with_the_headers_of_GET(string path, string contentType)
    {
        // (No body can be checked here: HttpClient reads none for HEAD, whatever is sent.)
        using var request = new HttpRequestMessage(HttpMethod.Head, path);
        using var response = await Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith(contentType, response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
    }

    /// <summary>Six slow /topology requests used to queue a seventh behind them for a minute.</summary>
    [Fact]
    public async Task A_topology_request_while_one_is_served_gets_429_with_Retry_After_and_the_first_is_answered()
    {
        var first = Http.GetAsync(new Uri("/topology?interval=3s", UriKind.Relative));

        // The first one holds its place from its first read for 3 s; a 100 ms request ahead of it
        // (if it had not begun) would be answered, and the next one tried. The two race to the
        // endpoint: if the first came second, it was the one refused, and it is sent again.
        using var refused = await Eventually.WaitForAsync(
            async () =>
            {
                if (first.IsCompleted && (await first).StatusCode == HttpStatusCode.TooManyRequests)
                {
                    (await first).Dispose();
                    first = Http.GetAsync(new Uri("/topology?interval=3s", UriKind.Relative));
                }

                var response = await Http.GetAsync(new Uri("/topology?interval=100ms", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.TooManyRequests)
                {
                    return response;
                }

                response.Dispose();
                return null;
            },
            TimeSpan.FromSeconds(2),
            "a second /topology request refused while the first reads");

        Assert.InRange(refused.Headers.RetryAfter?.Delta ?? TimeSpan.Zero, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3));
        using var answered = await first;
        Assert.Equal(HttpStatusCode.OK, answered.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Http.GetAsync(new Uri("/topology?interval=100ms", UriKind.Relative))).StatusCode);
    }

    /// <summary>
    /// Two pages open at once used to refuse each other: one asking the interval of the read in
    /// flight is answered from that read (the same taken_at), and the client that began it going
    /// away cancels it for no one else.
    /// </summary>
    [Fact]
    public async Task Topology_requests_asking_the_interval_of_the_read_in_flight_are_answered_from_it()
    {
        var url = new Uri("/topology?interval=3s", UriKind.Relative);
        using var firstGoesAway = new CancellationTokenSource();
        var first = Http.GetAsync(url, firstGoesAway.Token);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var joined = new[] { Http.GetAsync(url), Http.GetAsync(url) };
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await firstGoesAway.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first);
        var takenAt = new List<string>();
        foreach (var request in joined)
        {
            using var response = await request;
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
            using var report = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            takenAt.Add(report.RootElement.GetProperty("taken_at").GetString()!);
        }

        Assert.Equal(takenAt[0], takenAt[1]);
    }
}
