using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>The executable's start: a bad value stops it with one line that names the option, never a stack trace.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("--docker.resync-interval=soon", "--docker.resync-interval")]
    [InlineData("--docker.resync-interval=0s", "--docker.resync-interval")]
    [InlineData("--web.listen-address=nonsense", "--web.listen-address")]
    [InlineData("--web.listen-address=:99999", "--web.listen-address")]
    [InlineData("--path.sysfs=/no/such/sysfs", "--path.sysfs")]
    [InlineData("--path.procfs=relative/proc", "--path.procfs")]
    [InlineData("--docker.host=ftp://example", "--docker.host")]
    [InlineData("--log.level=loud", "--log.level")]
    [InlineData("--counters.source=fast", "--counters.source")]
    [InlineData("--docker.enabled=maybe", "--docker.enabled")]
    [InlineData("--kernel.scan-interval=0s", "--kernel.scan-interval")]
    [InlineData("--no.such.flag=1", "--no.such.flag")]
    [InlineData("--path.sysfs", "--path.sysfs")]
    [InlineData("--container.include=(web", "--container.include")]
    [InlineData("--container.exclude=(?<=x)y", "--container.exclude")]
    [InlineData("--docker.container-labels=a.b,a-b", "--docker.container-labels")]
    [InlineData("--web.telemetry-path=/healthz", "--web.telemetry-path")]
    [InlineData("--web.max-requests=-1", "--web.max-requests")]
    [InlineData("--log.format=xml", "--log.format")]
    [InlineData("--web.disable-exporter-metrics=maybe", "--web.disable-exporter-metrics")]
    [InlineData("--web.listen-address=127.0.0.1:9100,127.0.0.1:9100", "--web.listen-address")]
    public async Task Bad_value_exits_2_with_one_line_naming_the_flag(string argument, string flag)
    {
        var (exitCode, stdout, stderr) = await ExporterProcess.RunToExitAsync(argument);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("docker-net-exporter: ", line, StringComparison.Ordinal);
        Assert.Contains(flag, line, StringComparison.Ordinal);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task A_counter_source_that_cannot_be_read_stops_the_start()
    {
        var procfs = Directory.CreateTempSubdirectory("dockernet-noproc-");
        try
        {
            var (exitCode, _, stderr) = await ExporterProcess.RunToExitAsync("--counters.source=proc-net-dev", "--path.procfs=" + procfs.FullName);

            Assert.Equal(2, exitCode);
            var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Contains($"--counters.source proc-net-dev: cannot read {procfs.FullName}/1/net/dev", line, StringComparison.Ordinal);
        }
        finally
        {
            procfs.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Environment_variable_is_validated_like_the_flag_and_named()
    {
        var (exitCode, _, stderr) = await ExporterProcess.RunToExitWithEnvironmentAsync(["DOCKERNET_DOCKER_RESYNC_INTERVAL=never"]);

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--docker.resync-interval \"never\"", line, StringComparison.Ordinal);
        Assert.EndsWith("(set by the environment variable DOCKERNET_DOCKER_RESYNC_INTERVAL)", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Topology_interval_out_of_bounds_exits_2_with_one_line()
    {
        var (exitCode, stdout, stderr) = await ExporterProcess.RunToExitAsync("topology", "--interval=11s", "--docker.enabled=false");

        Assert.Equal(2, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("docker-net-exporter: invalid --interval \"11s\": want one duration from 100ms to 10s, e.g. 1s or 500ms", line);
        Assert.Empty(stdout);
    }

    [Fact]
    public async Task Help_lists_every_flag_with_its_environment_variable()
    {
        var (exitCode, stdout, _) = await ExporterProcess.RunToExitAsync("--help");

        Assert.Equal(0, exitCode);
        foreach (var flag in new[] { "--web.listen-address", "--docker.host", "--docker.enabled", "--path.sysfs", "--path.procfs", "--docker.resync-interval", "--kernel.scan-interval", "--counters.source", "--log.level" })
        {
            Assert.Contains(flag, stdout, StringComparison.Ordinal);
        }

        Assert.Contains("DOCKERNET_DOCKER_RESYNC_INTERVAL", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Healthcheck_with_no_exporter_listening_exits_1_with_one_line()
    {
        var port = ExporterProcess.FreeLoopbackPort();

        var (exitCode, _, stderr) = await ExporterProcess.RunToExitAsync("healthcheck", $"--web.listen-address=127.0.0.1:{port}");

        Assert.Equal(1, exitCode);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"docker-net-exporter healthcheck: http://127.0.0.1:{port}/healthz", line, StringComparison.Ordinal);
    }
}
