using System.Collections.Concurrent;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>The executable as the README runs it, and the exporter with no Docker to talk to.</summary>
[Collection(DockerCollection.Name)]
public sealed class ExporterProcessTests(DockerEnvironment environment)
{
    [Fact]
    public async Task Executable_serves_metrics_for_the_running_containers()
    {
        var name = environment.Docker.Name("process");
        await environment.Docker.StartContainerAsync(name, []);
        var port = ExporterProcess.FreeLoopbackPort();
        using var process = ExporterProcess.Start(new(), $"--web.listen-address=127.0.0.1:{port}", $"--docker.host={DockerEnvironment.DockerHost}");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            var series = await MetricsEndpoint.WaitForAsync(
                http,
                s => s.Name == "dockernet_container_receive_bytes_total" && s["container"] == name,
                TimeSpan.FromSeconds(30),
                $"the executable serving series of {name}");
            Assert.Equal(await environment.Docker.HostVethOfAsync(name, "eth0"), series["veth"]);
        }
        finally
        {
            process.Kill();
            await process.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task Healthcheck_of_a_serving_exporter_exits_0()
    {
        var exporter = environment.Exporter.Http.BaseAddress!;

        var (exitCode, _, stderr) = await ExporterProcess.RunToExitAsync("healthcheck", $"--web.listen-address=127.0.0.1:{exporter.Port}");

        Assert.True(exitCode == 0, stderr);
    }

    [Fact]
    public async Task Without_Docker_the_exporter_serves_and_says_docker_is_down()
    {
        await using var exporter = await RunningExporter.StartAsync(new Uri("unix:///nonexistent/docker.sock"));

        // Long enough for the first session, its API retries and the circuit breaker to have failed.
        await Task.Delay(TimeSpan.FromSeconds(3));
        var samples = await exporter.ScrapeAsync();
        Assert.Equal(0, Assert.Single(samples, s => s.Name == "dockernet_docker_up").Value);
        Assert.Equal(0, Assert.Single(samples, s => s.Name == "dockernet_topology_containers").Value);
        Assert.Equal(System.Net.HttpStatusCode.OK, (await exporter.Http.GetAsync(new Uri("/healthz", UriKind.Relative))).StatusCode);
    }

    /// <summary>
    /// A resync every second, at debug: each resync is a debug line, and only Docker coming up is
    /// said at info, once ("Full sync" was an info line every --docker.resync-interval).
    /// </summary>
    [Fact]
    public async Task Full_syncs_are_debug_lines_and_Docker_coming_up_is_the_one_info_line()
    {
        await using var exporter = await ExporterServer.StartAsync(
            "http", null, $"--docker.host={DockerEnvironment.DockerHost}", "--docker.resync-interval=1s", "--log.level=debug");
        var output = exporter.Output;
        await Eventually.WaitForAsync(
            () => Task.FromResult(output.Count(IsFullSync) >= 3 ? "3" : null), TimeSpan.FromSeconds(30), "three resyncs after the first sync");

        var up = Assert.Single(output, line => line.Contains("up: a full sync succeeded", StringComparison.Ordinal));
        Assert.Contains("info: ", up, StringComparison.Ordinal);
        Assert.All(output.Where(IsFullSync), line => Assert.Contains("dbug: ", line, StringComparison.Ordinal));

        static bool IsFullSync(string line) => line.Contains("Full sync with Docker", StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_Docker_the_start_names_no_Docker_API()
    {
        await using var exporter = await ExporterServer.StartAsync("http", null, "--docker.enabled=false");
        var output = exporter.Output;
        await Eventually.WaitForAsync(
            () => Task.FromResult(output.FirstOrDefault(line => line.Contains("Serving /metrics", StringComparison.Ordinal))), TimeSpan.FromSeconds(30), "the exporter serving");

        var starting = Assert.Single(output, line => line.Contains(" starting: ", StringComparison.Ordinal));
        Assert.EndsWith("starting: sysfs /sys, procfs /proc, no Docker API (--docker.enabled=false)", starting, StringComparison.Ordinal);
        Assert.DoesNotContain(output, line => line.Contains("unix:///", StringComparison.Ordinal) || line.Contains("resync every", StringComparison.Ordinal));
    }

    /// <summary>SIGHUP's default action ended the exporter (exit 129), which Restart=on-failure may leave down.</summary>
    [Fact]
    public async Task SIGHUP_is_said_and_ignored_and_SIGTERM_ends_the_exporter_with_0()
    {
        var port = ExporterProcess.FreeLoopbackPort();
        var output = new ConcurrentQueue<string>();
        using var process = ExporterProcess.Start(output, $"--web.listen-address=127.0.0.1:{port}", "--docker.host=unix:///nonexistent/docker.sock");
        try
        {
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(5) };
            await Eventually.WaitForAsync(() => ExporterProcess.HealthyAsync(http), TimeSpan.FromSeconds(30), "the exporter serving /healthz");

            await ExporterProcess.SignalAsync("HUP", process.Id);
            await Eventually.WaitForAsync(
                () => Task.FromResult(output.FirstOrDefault(line => line.Contains("SIGHUP received", StringComparison.Ordinal))),
                TimeSpan.FromSeconds(10),
                "the exporter saying it received SIGHUP");

            Assert.False(process.HasExited, string.Join('\n', output));
            Assert.NotNull(await ExporterProcess.HealthyAsync(http));

            Assert.Equal(0, await ExporterProcess.TerminateAsync(process));
        }
        finally
        {
            await ExporterProcess.KillIfRunningAsync(process);
        }
    }
}
