using System.Net;
using System.Text.RegularExpressions;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>node_exporter's flags (issue 15, item 3), each tried on the executable as a user runs it.</summary>
public sealed class FlagTests
{
    [Fact]
    public async Task Version_prints_the_version_and_the_revision_and_exits_0()
    {
        var (exitCode, stdout, stderr) = await ExporterProcess.RunToExitAsync("--version");

        Assert.Equal(0, exitCode);
        Assert.Empty(stderr);
        var line = Assert.Single(stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(new Regex(@"^docker-net-exporter, version \d+\.\d+\.\d+ \(revision: [0-9a-f]{40}\)$"), line);
    }

    [Fact]
    public async Task Telemetry_path_moves_the_metrics_and_disabling_exporter_metrics_leaves_out_process_and_runtime()
    {
        await using var exporter = await ExporterServer.StartAsync("http", null, NoDocker, "--web.telemetry-path=/probe/metrics", "--web.disable-exporter-metrics");

        var text = await exporter.Http.GetStringAsync(new Uri("/probe/metrics", UriKind.Relative));
        var families = Families(text);
        Assert.Contains("dockernet_build_info", families);
        Assert.Contains("dockernet_scrape_duration_seconds", families);
        Assert.DoesNotContain(families, f => f.StartsWith("process_", StringComparison.Ordinal) || f.StartsWith("dotnet_", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await exporter.Http.GetAsync(new Uri("/metrics", UriKind.Relative))).StatusCode);
        Assert.Contains("<a href=\"probe/metrics\">/probe/metrics</a>", await exporter.Http.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains(exporter.Output, line => line.Contains("Serving /probe/metrics on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task By_default_the_exporter_serves_its_process_and_runtime_metrics_at_metrics()
    {
        await using var exporter = await ExporterServer.StartAsync("http", null, NoDocker);

        var families = Families(await exporter.Http.GetStringAsync(new Uri("/metrics", UriKind.Relative)));

        Assert.Contains("process_resident_memory_bytes", families);
        Assert.Contains("dotnet_gc_allocated_bytes_total", families);
    }

    /// <summary>
    /// 64 scrapes at once, each on its own connection: with a limit of 1 some overlap and are refused
    /// with 503, and none is with no limit. Whether two overlap is up to the scheduler, but a scrape
    /// takes milliseconds and 64 connections are opened in a burst.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(0)]
    public async Task Max_requests_refuses_scrapes_past_it_with_503(int maxRequests)
    {
        await using var exporter = await ExporterServer.StartAsync("http", null, NoDocker, $"--web.max-requests={maxRequests}");
        var start = new TaskCompletionSource();
        var scrapes = Enumerable.Range(0, 64).Select(async _ =>
        {
            using var http = new HttpClient { BaseAddress = exporter.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(20) };
            await start.Task;
            using var response = await http.GetAsync(new Uri("/metrics", UriKind.Relative));
            return (response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToArray();

        start.SetResult();
        var answers = await Task.WhenAll(scrapes);

        Assert.All(answers, a => Assert.Contains(a.StatusCode, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable }));
        Assert.Contains(answers, a => a.StatusCode == HttpStatusCode.OK);
        var refused = answers.Where(a => a.StatusCode == HttpStatusCode.ServiceUnavailable).ToList();
        if (maxRequests == 0)
        {
            Assert.Empty(refused);
        }
        else
        {
            Assert.NotEmpty(refused);
            Assert.All(refused, a => Assert.Equal("Limit of concurrent requests reached (1), try again later.\n", a.Body));
        }
    }

    [Fact]
    public async Task A_repeated_listen_address_serves_on_every_one()
    {
        var second = ExporterProcess.FreeLoopbackPort();
        await using var exporter = await ExporterServer.StartAsync("http", null, NoDocker, $"--web.listen-address=[::1]:{second}");

        using var other = new HttpClient { BaseAddress = new Uri($"http://[::1]:{second}"), Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal("ok", await ExporterProcess.HealthyAsync(exporter.Http));
        Assert.Equal("ok", await ExporterProcess.HealthyAsync(other));
        Assert.Contains("dockernet_build_info", await other.GetStringAsync(new Uri("/metrics", UriKind.Relative)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Log_format_json_writes_one_object_a_line()
    {
        var lines = await StartupLogAsync("--log.format=json");

        Assert.All(lines, line =>
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            Assert.True(json.RootElement.TryGetProperty("Message", out _), line);
        });
        Assert.Contains(lines, l => l.Contains("\"Message\":\"Serving /metrics on http://127.0.0.1:", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Log_format_logfmt_writes_key_value_pairs_as_node_exporter()
    {
        var lines = await StartupLogAsync("--log.format=logfmt");

        var pair = "[a-z_]+=(?:[^\\s\"=]+|\"(?:[^\"\\\\]|\\\\.)*\")";
        Assert.All(lines, line => Assert.Matches("^time=\\S+ level=(debug|info|warn|error) source=\\S+ msg=\\S.*$", line));
        Assert.All(lines, line => Assert.Matches($"^{pair}( {pair})*$", line));
        Assert.Contains(lines, l => l.Contains(" msg=\"Serving /metrics on http://127.0.0.1:", StringComparison.Ordinal) && l.Contains(" telemetry_path=/metrics ", StringComparison.Ordinal));
    }

    /// <summary>What the exporter logs as it starts (at info, with no Docker: a warning too), once it serves.</summary>
    private static async Task<List<string>> StartupLogAsync(string format)
    {
        await using var exporter = await ExporterServer.StartAsync("http", null, NoDocker, format);
        await Eventually.WaitForAsync(
            () => Task.FromResult(exporter.Output.FirstOrDefault(l => l.Contains("Serving", StringComparison.Ordinal))), TimeSpan.FromSeconds(10), "the exporter saying it serves");
        var lines = exporter.Output.ToList();
        Assert.True(lines.Count >= 2, string.Join('\n', lines));
        return lines;
    }

    private static HashSet<string> Families(string exposition) =>
        [.. exposition.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2])];

    /// <summary>No Docker to ask: these flags are the web side's.</summary>
    private const string NoDocker = "--docker.host=unix:///nonexistent/docker.sock";
}
