using System.Net;
using DockerNetExporter.Configuration;
using DockerNetExporter.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace DockerNetExporter.Tests.Configuration;

public sealed class ExporterSettingsTests
{
    private static readonly string Sysfs = FixtureTree.Path("docker-host", "sys");
    private static readonly string Procfs = FixtureTree.Path("docker-host", "proc");

    /// <summary>Settings from the given keys, with sysfs and procfs pointed at a fixture so that the defaults' /sys and /proc are not needed.</summary>
    private static ExporterSettings Load(Dictionary<string, string?> values, string? dockerHostVariable = null)
    {
        values.TryAdd("Exporter:SysfsPath", Sysfs);
        values.TryAdd("Exporter:ProcfsPath", Procfs);
        return ExporterSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values).Build(), dockerHostVariable);
    }

    private static InvalidFlagException LoadFails(string key, string value) =>
        Assert.Throws<InvalidFlagException>(() => Load(new Dictionary<string, string?> { [key] = value }));

    [Fact]
    public void Defaults()
    {
        var settings = Load([]);

        Assert.Equal(new IPEndPoint(IPAddress.IPv6Any, 10077), Assert.Single(settings.ListenEndPoints));
        Assert.Equal(new Uri("unix:///var/run/docker.sock"), settings.DockerHost);
        Assert.Equal(TimeSpan.FromSeconds(60), settings.ResyncInterval);
        Assert.Equal(LogLevel.Information, settings.LogLevel);
        Assert.Equal(Sysfs, settings.SysfsPath);
        Assert.Equal(Procfs, settings.ProcfsPath);
        Assert.Equal(CounterSource.Sysfs, settings.CounterSource);
        Assert.True(settings.DockerEnabled);
        Assert.Equal(TimeSpan.FromSeconds(15), settings.KernelScanInterval);
        Assert.Equal(256, settings.MaxConnections);
        Assert.False(settings.Protocols);
    }

    [Fact]
    public void Values_from_the_configuration()
    {
        var settings = Load(new()
        {
            ["Exporter:ListenAddress"] = "127.0.0.1:9100",
            ["Exporter:DockerHost"] = "tcp://10.1.2.3:2375",
            ["Exporter:ResyncInterval"] = "1m30s",
            ["Exporter:LogLevel"] = "WARN",
            ["Exporter:SysfsPath"] = Sysfs + "/",
            ["Exporter:CountersSource"] = "proc-net-dev",
            ["Exporter:DockerEnabled"] = "False",
            ["Exporter:KernelScanInterval"] = "5s",
            ["Exporter:WebMaxConnections"] = "64",
            ["Exporter:CollectorProtocols"] = "TRUE",
        });

        Assert.Equal(new IPEndPoint(IPAddress.Parse("127.0.0.1"), 9100), Assert.Single(settings.ListenEndPoints));
        Assert.Equal(new Uri("tcp://10.1.2.3:2375"), settings.DockerHost);
        Assert.Equal(TimeSpan.FromSeconds(90), settings.ResyncInterval);
        Assert.Equal(LogLevel.Warning, settings.LogLevel);
        Assert.Equal(Sysfs, settings.SysfsPath); // the trailing slash is dropped
        Assert.Equal(CounterSource.ProcNetDev, settings.CounterSource);
        Assert.False(settings.DockerEnabled);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.KernelScanInterval);
        Assert.Equal(64, settings.MaxConnections);
        Assert.True(settings.Protocols);
    }

    [Theory]
    [InlineData(":9100", "::", 9100)]
    [InlineData("0.0.0.0:80", "0.0.0.0", 80)]
    [InlineData("localhost:10077", "127.0.0.1", 10077)]
    [InlineData("[::1]:10077", "::1", 10077)]
    [InlineData("[::]:1", "::", 1)]
    [InlineData(":0", "::", 0)]
    [InlineData(":65535", "::", 65535)]
    public void Listen_addresses(string text, string address, int port)
    {
        Assert.Equal(new IPEndPoint(IPAddress.Parse(address), port), ExporterSettings.ParseListenAddress(text));
    }

    [Theory]
    [InlineData("10077")]
    [InlineData(":65536")]
    [InlineData(":-1")]
    [InlineData(":")]
    [InlineData("127.0.0.1:")]
    [InlineData(":http")]
    [InlineData("example.com:10077")]
    [InlineData("300.1.1.1:10077")]
    [InlineData("1:10077")] // IPAddress.Parse would take it for 0.0.0.1
    [InlineData("::1:10077")] // IPv6 needs brackets, as in Prometheus
    [InlineData("[127.0.0.1]:10077")]
    [InlineData("")]
    public void A_bad_listen_address_names_the_flag(string text)
    {
        var e = LoadFails("Exporter:ListenAddress", text);

        Assert.Equal("--web.listen-address", e.Flag);
        Assert.StartsWith("invalid --web.listen-address", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("60")]
    [InlineData("500ms")] // under the 1s minimum
    [InlineData("8d")] // over the 7d maximum (PeriodicTimer takes at most about 49 days)
    [InlineData("0s")]
    [InlineData("")]
    public void A_bad_resync_interval_names_the_flag(string text)
    {
        var e = LoadFails("Exporter:ResyncInterval", text);

        Assert.Equal("--docker.resync-interval", e.Flag);
        Assert.Contains("--docker.resync-interval", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Exporter:DockerEnabled", "yes", "--docker.enabled")]
    [InlineData("Exporter:DockerEnabled", "", "--docker.enabled")]
    [InlineData("Exporter:CollectorProtocols", "on", "--collector.protocols")]
    [InlineData("Exporter:KernelScanInterval", "500ms", "--kernel.scan-interval")]
    [InlineData("Exporter:KernelScanInterval", "often", "--kernel.scan-interval")]
    public void A_bad_docker_switch_or_scan_interval_names_the_flag(string key, string text, string flag)
    {
        var e = LoadFails(key, text);

        Assert.Equal(flag, e.Flag);
        Assert.Contains($"{flag} \"{text}\"", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("1000001")]
    [InlineData("many")]
    [InlineData("")]
    public void A_bad_connection_limit_names_the_flag(string text)
    {
        var e = LoadFails("Exporter:WebMaxConnections", text);

        Assert.Equal("--web.max-connections", e.Flag);
        Assert.Contains($"--web.max-connections \"{text}\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_existent_sysfs_path_names_the_flag()
    {
        var e = LoadFails("Exporter:SysfsPath", FixtureTree.Path("no-such-host", "sys"));

        Assert.Equal("--path.sysfs", e.Flag);
        Assert.Contains("no such directory", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_non_existent_procfs_path_names_the_flag()
    {
        Assert.Equal("--path.procfs", LoadFails("Exporter:ProcfsPath", FixtureTree.Path("no-such-host", "proc")).Flag);
    }

    [Theory]
    [InlineData("sys")]
    [InlineData("")]
    public void A_relative_or_empty_sysfs_path_names_the_flag(string text)
    {
        Assert.Equal("--path.sysfs", LoadFails("Exporter:SysfsPath", text).Flag);
    }

    [Fact]
    public void A_file_is_not_a_sysfs_directory()
    {
        Assert.Equal("--path.sysfs", LoadFails("Exporter:SysfsPath", FixtureTree.Path("README.md")).Flag);
    }

    [Theory]
    [InlineData("docker.sock")]
    [InlineData("ftp://h/")]
    [InlineData("/var/run/docker.sock")]
    public void A_bad_docker_host_names_the_flag(string text)
    {
        Assert.Equal("--docker.host", LoadFails("Exporter:DockerHost", text).Flag);
    }

    [Theory]
    [InlineData("verbose")]
    [InlineData("")]
    public void A_bad_log_level_names_the_flag(string text)
    {
        Assert.Equal("--log.level", LoadFails("Exporter:LogLevel", text).Flag);
    }

    [Theory]
    [InlineData("procfs")]
    [InlineData("")]
    public void A_bad_counter_source_names_the_flag(string text)
    {
        var e = LoadFails("Exporter:CountersSource", text);

        Assert.Equal("--counters.source", e.Flag);
        Assert.Contains("want sysfs or proc-net-dev", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Docker_host_falls_back_to_DOCKER_HOST()
    {
        Assert.Equal(new Uri("tcp://192.0.2.10:2376"), Load([], dockerHostVariable: "tcp://192.0.2.10:2376").DockerHost);
    }

    [Fact]
    public void An_empty_DOCKER_HOST_means_the_default_socket()
    {
        Assert.Equal(new Uri("unix:///var/run/docker.sock"), Load([], dockerHostVariable: "").DockerHost);
    }

    [Fact]
    public void The_flag_wins_over_DOCKER_HOST()
    {
        var settings = Load(new() { ["Exporter:DockerHost"] = "unix:///run/user/1000/docker.sock" }, dockerHostVariable: "tcp://192.0.2.10:2376");

        Assert.Equal(new Uri("unix:///run/user/1000/docker.sock"), settings.DockerHost);
    }

    [Fact]
    public void An_empty_flag_falls_back_to_DOCKER_HOST()
    {
        var settings = Load(new() { ["Exporter:DockerHost"] = "" }, dockerHostVariable: "tcp://192.0.2.10:2376");

        Assert.Equal(new Uri("tcp://192.0.2.10:2376"), settings.DockerHost);
    }

    [Fact]
    public void Command_line_overrides_the_environment_in_the_configuration_Program_builds()
    {
        // The same layering as Program: environment variables of the flags, then the command line.
        var environment = new Dictionary<string, string> { ["DOCKERNET_LOG_LEVEL"] = "error", ["DOCKERNET_PATH_SYSFS"] = Sysfs };
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(ExporterFlag.FromEnvironment(name => environment.GetValueOrDefault(name)))
            .AddInMemoryCollection(CommandLine.Parse(["--log.level", "debug", "--path.procfs=" + Procfs]).Values!)
            .Build();

        var settings = ExporterSettings.Load(configuration, null);

        Assert.Equal(LogLevel.Debug, settings.LogLevel);
        Assert.Equal(Sysfs, settings.SysfsPath);
        Assert.Equal(Procfs, settings.ProcfsPath);
    }

    [Fact]
    public void Web_flags_of_node_exporter_default_as_it_does()
    {
        var settings = Load([]);

        Assert.Equal("/metrics", settings.TelemetryPath);
        Assert.True(settings.ExporterMetrics);
        Assert.Equal(40, settings.MaxRequests);
    }

    [Fact]
    public void Web_flags_of_node_exporter_from_the_command_line()
    {
        var settings = Load(new(CommandLine.Parse(["--web.telemetry-path=/probe/metrics_v1.0", "--web.disable-exporter-metrics", "--web.max-requests=0"]).Values!));

        Assert.Equal("/probe/metrics_v1.0", settings.TelemetryPath);
        Assert.False(settings.ExporterMetrics);
        Assert.Equal(0, settings.MaxRequests);
        Assert.True(Load(new(CommandLine.Parse(["--no-web.disable-exporter-metrics"]).Values!)).ExporterMetrics);
    }

    [Theory]
    [InlineData("metrics", "want a path from /")]
    [InlineData("", "want a path from /")]
    [InlineData("/metrics?x=1", "of letters, digits and")]
    [InlineData("/met rics", "of letters, digits and")]
    [InlineData("/a%2Fb", "of letters, digits and")]
    [InlineData("/metrics/{x}", "of letters, digits and")]
    [InlineData("/metrics/*", "of letters, digits and")]
    [InlineData("/probe//metrics", "between single slashes")]
    [InlineData("/healthz/", "no / at the end")]
    [InlineData("/metrics/", "no / at the end")]
    [InlineData("/a/../metrics", "no segment . or ..")]
    [InlineData("/./metrics", "no segment . or ..")]
    [InlineData("/m\u00e9trics", "of letters, digits and")]
    [InlineData("/", "/ is served by the exporter already")]
    [InlineData("/HealthZ", "/healthz is served by the exporter already")]
    [InlineData("/topology", "/topology is served by the exporter already")]
    [InlineData("/static/topology.js", "/static/topology.js is served by the exporter already")]
    public void A_bad_telemetry_path_names_the_flag(string text, string reason)
    {
        var error = LoadFails("Exporter:WebTelemetryPath", text);

        Assert.Equal("--web.telemetry-path", error.Flag);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("1000001")]
    [InlineData("forty")]
    [InlineData("")]
    public void A_bad_request_limit_names_the_flag(string text)
    {
        var error = LoadFails("Exporter:WebMaxRequests", text);

        Assert.Equal("--web.max-requests", error.Flag);
        Assert.Contains("want a number of scrape requests from 0 (no limit) to 1000000", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text", "Text")]
    [InlineData("logfmt", "Logfmt")]
    [InlineData("JSON", "Json")]
    public void Log_formats(string text, string format)
    {
        Assert.Equal(LogFormat.Text, Load([]).LogFormat);
        Assert.Equal(format, Load(new() { ["Exporter:LogFormat"] = text }).LogFormat.ToString());
    }

    [Theory]
    [InlineData("yaml")]
    [InlineData("")]
    public void A_bad_log_format_names_the_flag(string text)
    {
        var error = LoadFails("Exporter:LogFormat", text);

        Assert.Equal("--log.format", error.Flag);
        Assert.Contains("want text, logfmt or json", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_repeated_listen_address_serves_on_each()
    {
        var settings = Load(new(CommandLine.Parse(["--web.listen-address=127.0.0.1:9100", "--web.listen-address", "[::1]:9100", "--web.listen-address=:9101"]).Values!));

        Assert.Equal(
            [new IPEndPoint(IPAddress.Loopback, 9100), new IPEndPoint(IPAddress.IPv6Loopback, 9100), new IPEndPoint(IPAddress.IPv6Any, 9101)],
            settings.ListenEndPoints.ToArray());
    }

    [Fact]
    public void The_environment_lists_listen_addresses_with_commas()
    {
        var settings = Load(new(ExporterFlag.FromEnvironment(name => name == "DOCKERNET_WEB_LISTEN_ADDRESS" ? "127.0.0.1:9100,127.0.0.1:9101" : null)));

        Assert.Equal([new IPEndPoint(IPAddress.Loopback, 9100), new IPEndPoint(IPAddress.Loopback, 9101)], settings.ListenEndPoints.ToArray());
    }

    [Theory]
    [InlineData("127.0.0.1:9100,127.0.0.1:9100", "127.0.0.1:9100 is given twice")]
    [InlineData("127.0.0.1:9100,", "invalid --web.listen-address \"\": want [host]:port")]
    [InlineData("127.0.0.1:9100,nonsense", "want [host]:port")]
    public void A_bad_address_among_several_names_the_flag(string text, string reason)
    {
        var error = LoadFails("Exporter:ListenAddress", text);

        Assert.Equal("--web.listen-address", error.Flag);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Port_0_may_be_asked_more_than_once()
    {
        Assert.Equal(2, Load(new() { ["Exporter:ListenAddress"] = "127.0.0.1:0,127.0.0.1:0" }).ListenEndPoints.Length);
    }

    [Fact]
    public void Container_filters_are_none_by_default_and_compiled_with_a_time_bound()
    {
        Assert.Null(Load([]).ContainerInclude);
        Assert.Null(Load([]).ContainerExclude);

        var settings = Load(new() { ["Exporter:ContainerInclude"] = "^web-", ["Exporter:ContainerExclude"] = "relay$" });

        Assert.Matches(settings.ContainerInclude!, "web-1");
        Assert.DoesNotMatch(settings.ContainerInclude!, "db");
        Assert.Matches(settings.ContainerExclude!, "webhook-relay");
        Assert.Equal(TimeSpan.FromMilliseconds(100), settings.ContainerInclude!.MatchTimeout);
    }

    [Theory]
    [InlineData("Exporter:ContainerInclude", "(web", "--container.include", "not a regular expression it can use")]
    [InlineData("Exporter:ContainerExclude", "[z-a]", "--container.exclude", "not a regular expression it can use")]
    [InlineData("Exporter:ContainerInclude", "(a)\\1", "--container.include", "not a regular expression it can use")] // a backreference, which RE2 lacks too
    [InlineData("Exporter:ContainerExclude", "(?=web)", "--container.exclude", "not a regular expression it can use")] // a lookahead, alike
    [InlineData("Exporter:ContainerInclude", "(?P<name>web)", "--container.include", "not a regular expression it can use")] // RE2's named group, not .NET's
    public void A_bad_container_filter_names_the_flag(string key, string text, string flag, string reason)
    {
        var error = LoadFails(key, text);

        Assert.Equal(flag, error.Flag);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void An_overlong_container_filter_is_refused()
    {
        var error = LoadFails("Exporter:ContainerInclude", new string('a', 4097));

        Assert.Equal("invalid --container.include: 4097 characters, more than 4096", error.Message);
    }
}
