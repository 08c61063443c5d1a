using DockerNetExporter.Configuration;

namespace DockerNetExporter.Tests.Configuration;

public sealed class CommandLineTests
{
    [Fact]
    public void Flag_equals_value()
    {
        var commandLine = CommandLine.Parse(["--web.listen-address=127.0.0.1:9999", "--path.sysfs=/host/sys"]);

        Assert.Equal("127.0.0.1:9999", commandLine.Values["Exporter:ListenAddress"]);
        Assert.Equal("/host/sys", commandLine.Values["Exporter:SysfsPath"]);
        Assert.Equal(2, commandLine.Values.Count);
        Assert.False(commandLine.ShowHelp);
        Assert.False(commandLine.ShowVersion);
    }

    [Theory]
    [InlineData(new[] { "topology" }, "Text")]
    [InlineData(new[] { "topology", "--output=json", "--path.sysfs=/host/sys" }, "Json")]
    [InlineData(new[] { "topology", "--output", "text" }, "Text")]
    [InlineData(new[] { "topology", "--output=dot" }, "Dot")]
    public void Topology_takes_an_output_and_the_exporter_flags(string[] args, string output)
    {
        var commandLine = CommandLine.Parse(args);

        Assert.True(commandLine.Topology);
        Assert.False(commandLine.HealthCheck);
        Assert.Equal(output, commandLine.TopologyOutput.ToString());
    }

    [Theory]
    [InlineData("--output=json")] // only topology has an output
    [InlineData("topology --output=yaml")]
    [InlineData("topology --output=DOT")] // names are lower case, as the usage writes them
    [InlineData("topology --output=2")] // not an enum's number
    [InlineData("topology --output")]
    [InlineData("--log.level=info topology")] // a command comes first
    public void Output_outside_topology_or_of_another_kind_is_refused(string args)
    {
        Assert.Throws<InvalidFlagException>(() => CommandLine.Parse(args.Split(' ')));
    }

    [Fact]
    public void Flag_space_value()
    {
        var commandLine = CommandLine.Parse(["--docker.host", "tcp://10.0.0.1:2375", "--log.level", "debug"]);

        Assert.Equal("tcp://10.0.0.1:2375", commandLine.Values["Exporter:DockerHost"]);
        Assert.Equal("debug", commandLine.Values["Exporter:LogLevel"]);
    }

    [Fact]
    public void Both_forms_mixed_and_a_value_containing_equals()
    {
        var commandLine = CommandLine.Parse(["--path.procfs", "/host/proc", "--docker.resync-interval=5m", "--docker.host=tcp://h:1?a=b"]);

        Assert.Equal("/host/proc", commandLine.Values["Exporter:ProcfsPath"]);
        Assert.Equal("5m", commandLine.Values["Exporter:ResyncInterval"]);
        Assert.Equal("tcp://h:1?a=b", commandLine.Values["Exporter:DockerHost"]);
    }

    [Fact]
    public void An_empty_value_after_equals_is_a_value()
    {
        Assert.Equal("", CommandLine.Parse(["--docker.host="]).Values["Exporter:DockerHost"]);
    }

    [Fact]
    public void The_last_of_a_repeated_flag_wins()
    {
        Assert.Equal("error", CommandLine.Parse(["--log.level=debug", "--log.level=error"]).Values["Exporter:LogLevel"]);
    }

    [Theory]
    [InlineData("--web.listen-adress=:1")]
    [InlineData("--web.listen-adress")]
    [InlineData("--Web.Listen-Address=:1")]
    [InlineData("-web.listen-address=:1")]
    [InlineData("stray")]
    public void An_unknown_flag_is_an_error_that_names_it(string arg)
    {
        var name = arg.Split('=')[0];

        var e = Assert.Throws<InvalidFlagException>(() => CommandLine.Parse([arg]));

        Assert.Equal(name, e.Flag);
        Assert.Contains($"\"{name}\"", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_flag_without_a_value_at_the_end_is_an_error_that_names_it()
    {
        var e = Assert.Throws<InvalidFlagException>(() => CommandLine.Parse(["--log.level=info", "--path.sysfs"]));

        Assert.Equal("--path.sysfs", e.Flag);
        Assert.Contains("--path.sysfs", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-h")]
    [InlineData("--help")]
    public void Help(string arg)
    {
        var commandLine = CommandLine.Parse([arg, "--log.level=debug"]);

        Assert.True(commandLine.ShowHelp);
        Assert.Equal("debug", commandLine.Values["Exporter:LogLevel"]);
    }

    [Fact]
    public void Version()
    {
        Assert.True(CommandLine.Parse(["--version"]).ShowVersion);
    }

    [Fact]
    public void No_arguments_no_values()
    {
        Assert.Empty(CommandLine.Parse([]).Values);
    }

    /// <summary>A switch alone takes no value: the next argument stays a flag of its own.</summary>
    [Theory]
    [InlineData(new[] { "--collector.protocols", "--log.level", "warn" }, "true")]
    [InlineData(new[] { "--no-collector.protocols", "--log.level", "warn" }, "false")]
    [InlineData(new[] { "--collector.protocols=false", "--log.level", "warn" }, "false")]
    [InlineData(new[] { "--no-collector.protocols", "--log.level", "warn", "--collector.protocols" }, "true")] // the last wins
    public void A_switch_is_on_alone_off_with_no_and_takes_a_value_after_equals(string[] args, string expected)
    {
        var commandLine = CommandLine.Parse(args);

        Assert.Equal(expected, commandLine.Values["Exporter:CollectorProtocols"]);
        Assert.Equal("warn", commandLine.Values["Exporter:LogLevel"]);
    }

    [Theory]
    [InlineData("--no-log.level")] // not a switch
    [InlineData("--no-collector.protocols=true")]
    public void No_before_anything_but_a_switch_alone_is_an_unknown_flag(string arg)
    {
        var error = Assert.Throws<InvalidFlagException>(() => CommandLine.Parse([arg, "x"]));
        Assert.Contains("unknown flag", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Usage_lists_every_flag_with_its_environment_variable()
    {
        var usage = CommandLine.Usage();

        foreach (var (flag, variable) in new[]
        {
            ("--web.listen-address", "DOCKERNET_WEB_LISTEN_ADDRESS"), ("--docker.host", "DOCKERNET_DOCKER_HOST"),
            ("--path.sysfs", "DOCKERNET_PATH_SYSFS"), ("--path.procfs", "DOCKERNET_PATH_PROCFS"),
            ("--docker.resync-interval", "DOCKERNET_DOCKER_RESYNC_INTERVAL"), ("--log.level", "DOCKERNET_LOG_LEVEL"),
            ("--counters.source", "DOCKERNET_COUNTERS_SOURCE"), ("--docker.enabled", "DOCKERNET_DOCKER_ENABLED"),
            ("--kernel.scan-interval", "DOCKERNET_KERNEL_SCAN_INTERVAL"), ("--web.max-connections", "DOCKERNET_WEB_MAX_CONNECTIONS"),
        })
        {
            Assert.Contains(flag + "=VALUE", usage, StringComparison.Ordinal);
            Assert.Contains(variable, usage, StringComparison.Ordinal);
        }

        Assert.Contains("(default \":10077\")", usage, StringComparison.Ordinal);
        Assert.Contains("--web.max-connections=VALUE (default \"256\")", usage, StringComparison.Ordinal);
        Assert.Contains("--collector.protocols, --no-collector.protocols (default \"false\")", usage, StringComparison.Ordinal);
        Assert.Contains("DOCKERNET_COLLECTOR_PROTOCOLS", usage, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_variables_of_the_flags_become_configuration_keys()
    {
        var environment = new Dictionary<string, string>
        {
            ["DOCKERNET_PATH_SYSFS"] = "/host/sys",
            ["DOCKERNET_LOG_LEVEL"] = "warn",
            ["DOCKER_HOST"] = "tcp://ignored:2375", // not a flag's variable: ExporterSettings reads it itself
        };

        var values = ExporterFlag.FromEnvironment(name => environment.GetValueOrDefault(name));

        Assert.Equal(2, values.Count);
        Assert.Equal("/host/sys", values["Exporter:SysfsPath"]);
        Assert.Equal("warn", values["Exporter:LogLevel"]);
    }

    [Fact]
    public void A_repeated_flag_keeps_the_last_value_and_a_repeatable_one_each()
    {
        var values = CommandLine.Parse(["--log.level=debug", "--log.level=warn", "--web.listen-address=:1", "--web.listen-address", ":2"]).Values;

        Assert.Equal("warn", values["Exporter:LogLevel"]);
        Assert.Equal(":1,:2", values["Exporter:ListenAddress"]);
    }
}
