using System.Net;
using System.Net.Sockets;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// Each way the exporter fails to start, run as its own process: one line on stderr, nothing before
/// it on stdout (no log line, no stack trace), exit 2 for the configuration and 1 for the environment,
/// and where the refused value came from when not from the command line. Then the Docker endpoints
/// that are no Docker: the exporter serves, says why in words, and dockernet_docker_up is 0.
/// </summary>
public sealed class StartupFailureTests
{
    private const StringComparison Ordinal = StringComparison.Ordinal;

    [Fact]
    public async Task An_address_not_on_the_host_exits_1_with_one_line()
    {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): no host has it.
        var port = ExporterProcess.FreeLoopbackPort();

        var line = OneLine(await ExporterProcess.RunToExitAsync($"--web.listen-address=192.0.2.1:{port}", "--docker.enabled=false"), exitCode: 1);

        Assert.Equal($"docker-net-exporter: cannot listen on --web.listen-address 192.0.2.1:{port}: 192.0.2.1 is not an address of this host", line);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_port_in_use_exits_1_with_one_line_and_no_log_line_before_it(bool setByEnvironment)
    {
        using var occupant = new TcpListener(IPAddress.Loopback, 0);
        occupant.Start();
        var address = $"127.0.0.1:{((IPEndPoint)occupant.LocalEndpoint).Port}";

        var run = setByEnvironment
            ? await ExporterProcess.RunToExitWithEnvironmentAsync([$"DOCKERNET_WEB_LISTEN_ADDRESS={address}"], "--docker.enabled=false")
            : await ExporterProcess.RunToExitAsync($"--web.listen-address={address}", "--docker.enabled=false");

        var origin = setByEnvironment ? " (set by the environment variable DOCKERNET_WEB_LISTEN_ADDRESS)" : "";
        Assert.Equal($"docker-net-exporter: cannot listen on --web.listen-address {address}: address already in use: another process, or another --web.listen-address, listens on that port{origin}", OneLine(run, exitCode: 1));
    }

    /// <summary>Columns counted by hand: the first is the unclosed object's end, the second the '"' where a ':' belongs.</summary>
    [Theory]
    [InlineData("{\"Exporter\":{", 1, 14)]
    [InlineData("{\n  \"Exporter\": {\n    \"LogLevel\" \"debug\"\n  }\n}\n", 3, 16)]
    public async Task A_malformed_appsettings_json_exits_2_with_its_file_line_and_column(string json, int lineNumber, int column)
    {
        using var exporter = PrivateExporterDirectory.Create();
        await File.WriteAllTextAsync(exporter.AppSettingsPath, json);

        var line = OneLine(await exporter.RunToExitAsync(), exitCode: 2);

        Assert.StartsWith($"docker-net-exporter: invalid settings file \"{exporter.AppSettingsPath}\": line {lineNumber}, column {column}: ", line, Ordinal);
    }

    [Fact]
    public async Task A_bad_value_from_appsettings_json_names_its_key_and_file()
    {
        using var exporter = PrivateExporterDirectory.Create();
        await File.WriteAllTextAsync(exporter.AppSettingsPath, """{"Exporter":{"ListenAddress":"nowhere"}}""");

        var line = OneLine(await exporter.RunToExitAsync(), exitCode: 2);

        Assert.Equal(
            $"docker-net-exporter: invalid --web.listen-address \"nowhere\": want [host]:port, e.g. :10077 or 127.0.0.1:10077 (set by Exporter:ListenAddress in {exporter.AppSettingsPath})",
            line);
    }

    [Fact]
    public async Task A_bad_DOCKER_HOST_is_named_as_the_value_s_origin()
    {
        var line = OneLine(await ExporterProcess.RunToExitWithEnvironmentAsync(["DOCKER_HOST=ftp://example"]), exitCode: 2);

        Assert.Equal(
            "docker-net-exporter: invalid --docker.host \"ftp://example\": want unix:///path/to/docker.sock or tcp://host:port (the value of $DOCKER_HOST, as --docker.host is not set)",
            line);
    }

    [Fact]
    public async Task A_web_config_with_a_YAML_syntax_error_exits_2_with_its_file_line_and_column()
    {
        var file = Path.GetTempFileName();
        try
        {
            // Line 3 starts one column left of the mapping it should continue.
            await File.WriteAllTextAsync(file, "basic_auth_users:\n  alice: x\n bob: y\n");

            var fromFlag = OneLine(await ExporterProcess.RunToExitAsync($"--web.config.file={file}"), exitCode: 2);
            var fromEnvironment = OneLine(await ExporterProcess.RunToExitWithEnvironmentAsync([$"DOCKERNET_WEB_CONFIG_FILE={file}"]), exitCode: 2);

            Assert.StartsWith($"docker-net-exporter: invalid --web.config.file \"{file}\": line 3, column 2: ", fromFlag, Ordinal);
            Assert.StartsWith($"docker-net-exporter: invalid --web.config.file \"{file}\": line 3, column 2: ", fromEnvironment, Ordinal);
            Assert.EndsWith("(set by the environment variable DOCKERNET_WEB_CONFIG_FILE)", fromEnvironment, Ordinal);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>.NET reports connect(2)'s ENOENT on a Unix socket as "Cannot assign requested address".</summary>
    [Fact]
    public async Task A_missing_Docker_socket_is_said_to_be_no_such_file()
    {
        var (warning, dockerUp) = await RunAgainstAsync(new Uri("unix:///nonexistent/docker.sock"));

        Assert.Contains("Docker API at unix:///nonexistent/docker.sock down: unreachable (/nonexistent/docker.sock: no such file", warning, Ordinal);
        Assert.DoesNotContain("Cannot assign requested address", warning, Ordinal);
        Assert.Equal(0, dockerUp);
    }

    [Fact]
    public async Task A_tcp_endpoint_answering_404_to_everything_is_said_to_be_no_Docker_API_and_docker_up_is_0()
    {
        await using var server = new NotFoundHttpServer();

        var (warning, dockerUp) = await RunAgainstAsync(server.Endpoint);

        Assert.Contains("down: error_status (HTTP 404 for paths every Docker API serves: not a Docker API", warning, Ordinal);
        Assert.Equal(0, dockerUp);
        Assert.True(server.Requests > 0);
    }

    /// <summary>The one line of a run that failed to start, checked: the exit code, nothing on stdout, one line on stderr.</summary>
    private static string OneLine((int ExitCode, string Stdout, string Stderr) run, int exitCode)
    {
        Assert.True(run.ExitCode == exitCode, $"exit {run.ExitCode}, not {exitCode}:\n{run.Stdout}\n{run.Stderr}");
        Assert.Empty(run.Stdout);
        var line = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("docker-net-exporter: ", line, Ordinal);
        return line;
    }

    /// <summary>Runs the exporter against <paramref name="dockerHost"/>: its warning that Docker is down, and dockernet_docker_up once it was said.</summary>
    private static async Task<(string Warning, double DockerUp)> RunAgainstAsync(Uri dockerHost)
    {
        await using var exporter = await ExporterServer.StartAsync("http", null, $"--docker.host={dockerHost}");
        var warning = await Eventually.WaitForAsync(
            () => Task.FromResult(exporter.Output.FirstOrDefault(line => line.Contains("warn: ", Ordinal) && line.Contains("Docker API at", Ordinal))),
            TimeSpan.FromSeconds(30),
            "the exporter saying Docker is down");
        var samples = await MetricsEndpoint.ScrapeAsync(exporter.Http);
        return (warning, Assert.Single(samples, s => s.Name == "dockernet_docker_up").Value);
    }
}
