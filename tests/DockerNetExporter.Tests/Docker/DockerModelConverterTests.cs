using Docker.DotNet.Models;
using DockerNetExporter.Docker;
using DockerNetExporter.Runtime;

namespace DockerNetExporter.Tests.Docker;

public sealed class DockerModelConverterTests
{
    private const string NetworkId = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_bridge_network_without_a_name_option_is_br_and_12_characters_of_its_id()
    {
        var network = DockerModelConverter.ToNetwork(new NetworkResponse
        {
            ID = NetworkId,
            Name = "backend",
            Driver = "bridge",
            Options = new Dictionary<string, string>(),
        });

        Assert.Equal("br-0123456789ab", network.BridgeName);
        Assert.Equal((NetworkId, "backend", "bridge"), (network.Id, network.Name, network.Driver));
    }

    [Fact]
    public void A_bridge_network_with_null_options_gets_the_default_name()
    {
        var network = DockerModelConverter.ToNetwork(new NetworkResponse { ID = NetworkId, Name = "backend", Driver = "bridge" });

        Assert.Equal("br-0123456789ab", network.BridgeName);
    }

    [Fact]
    public void The_bridge_name_option_names_the_bridge()
    {
        var network = DockerModelConverter.ToNetwork(new NetworkResponse
        {
            ID = "9f2c1e8a7b6d5c4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e",
            Name = "bridge",
            Driver = "bridge",
            Options = new Dictionary<string, string>
            {
                ["com.docker.network.bridge.default_bridge"] = "true",
                ["com.docker.network.bridge.name"] = "docker0",
                ["com.docker.network.driver.mtu"] = "1500",
            },
        });

        Assert.Equal("docker0", network.BridgeName);
    }

    [Fact]
    public void An_empty_bridge_name_option_falls_back_to_the_default()
    {
        var network = DockerModelConverter.ToNetwork(new NetworkResponse
        {
            ID = NetworkId,
            Name = "backend",
            Driver = "bridge",
            Options = new Dictionary<string, string> { ["com.docker.network.bridge.name"] = "" },
        });

        Assert.Equal("br-0123456789ab", network.BridgeName);
    }

    [Theory]
    [InlineData("host")]
    [InlineData("null")]
    [InlineData("overlay")]
    [InlineData("macvlan")]
    public void Other_drivers_have_no_bridge(string driver)
    {
        var network = DockerModelConverter.ToNetwork(new NetworkResponse
        {
            ID = NetworkId,
            Name = driver,
            Driver = driver,
            Options = new Dictionary<string, string> { ["com.docker.network.bridge.name"] = "br-macvlan" },
        });

        Assert.Null(network.BridgeName);
        Assert.Equal(driver, network.Driver);
    }

    [Fact]
    public void Ipam_configs_become_subnets_with_their_IPRange_and_a_missing_gateway_is_empty()
    {
        var network = DockerModelConverter.ToNetwork(new NetworkResponse
        {
            ID = NetworkId,
            Name = "backend",
            Driver = "bridge",
            IPAM = new IPAM
            {
                Config =
                [
                    new IPAMConfig { Subnet = "172.18.0.0/16", Gateway = "172.18.0.1" },
                    new IPAMConfig { Subnet = "fd00:db8:1::/64" },
                    new IPAMConfig { Subnet = "", Gateway = "10.0.0.1" },
                    new IPAMConfig { Subnet = "10.0.0.0/24", IPRange = "10.0.0.128/25" },
                ],
            },
        });

        Assert.Equal(
            [new RuntimeSubnet("172.18.0.0/16", "172.18.0.1"), new RuntimeSubnet("fd00:db8:1::/64", ""), new RuntimeSubnet("10.0.0.0/24", "", "10.0.0.128/25")],
            network.Subnets.ToArray());
    }

    [Fact]
    public void No_ipam_gives_no_subnets()
    {
        Assert.Empty(DockerModelConverter.ToNetwork(new NetworkResponse { ID = NetworkId, Name = "none", Driver = "null" }).Subnets);
    }

    [Fact]
    public void An_inspected_container_keeps_its_name_without_slash_pid_mode_labels_and_endpoints()
    {
        var container = DockerModelConverter.ToContainer(new ContainerInspectResponse
        {
            ID = "d8d8d8d8d8d8a1a1a1a1a1a1b2b2b2b2b2b2c3c3c3c3c3c3d4d4d4d4d4d4e5e5",
            Name = "/db",
            Image = "sha256:1111",
            Config = new ContainerConfig
            {
                Image = "postgres:16",
                Labels = new Dictionary<string, string>
                {
                    ["com.docker.compose.project"] = "shop",
                    ["com.docker.compose.service"] = "db",
                },
            },
            State = new State { Running = true, Pid = 1002, StartedAt = "2024-01-01T08:00:00.350123456Z" },
            HostConfig = new HostConfig { NetworkMode = "backend" },
            NetworkSettings = new NetworkSettings
            {
                Networks = new Dictionary<string, EndpointSettings>
                {
                    ["frontend"] = new() { NetworkID = "f00d", MacAddress = "02:42:AC:13:00:05", IPAddress = "172.19.0.5", Gateway = "172.19.0.1" },
                    ["backend"] = new()
                    {
                        NetworkID = NetworkId, MacAddress = "02:42:ac:12:00:02", IPAddress = "172.18.0.2",
                        GlobalIPv6Address = "fd00:db8:1::2", Gateway = "172.18.0.1",
                    },
                },
            },
        });

        Assert.Equal(("db", "postgres:16", 1002L, "backend", "shop", "db"),
            (container.Name, container.Image, container.Pid, container.NetworkMode, container.ComposeProject, container.ComposeService));
        Assert.Equal(new DateTimeOffset(2024, 1, 1, 8, 0, 0, TimeSpan.Zero).AddTicks(3_501_235), container.StartedAt); // to .NET's 100 ns
        Assert.Equal(
            [
                new RuntimeEndpoint("backend", NetworkId, "02:42:ac:12:00:02", "172.18.0.2", "fd00:db8:1::2", "172.18.0.1"),
                new RuntimeEndpoint("frontend", "f00d", "02:42:ac:13:00:05", "172.19.0.5", "", "172.19.0.1"), // MAC lower-cased
            ],
            container.Endpoints.ToArray());
    }

    /// <summary>
    /// An inspect is bounded to 4 MiB, but what the exporter keeps of it for every container must be
    /// far less: a 9,000-character image, or 65 networks, is refused as too large, not kept.
    /// </summary>
    [Theory]
    [InlineData(8_000, 10, false)]
    [InlineData(9_000, 0, true)]
    [InlineData(10, 64, false)]
    [InlineData(10, 65, true)]
    public void A_container_that_would_keep_too_much_is_refused_as_too_large(int imageChars, int networks, bool refused)
    {
        var inspect = new ContainerInspectResponse
        {
            ID = "abc",
            Config = new ContainerConfig { Image = new string('i', imageChars) },
            NetworkSettings = new NetworkSettings
            {
                Networks = Enumerable.Range(0, networks).ToDictionary(n => $"n{n}", n => new EndpointSettings { NetworkID = $"{n}", IPAddress = "10.0.0.2" }),
            },
        };

        var convert = () => DockerModelConverter.ToContainer(inspect);

        if (refused)
        {
            Assert.Throws<DockerAnswerTooLargeException>(convert);
        }
        else
        {
            Assert.Equal(networks, convert().Endpoints.Length);
        }
    }

    /// <summary>
    /// Too many published ports cut the list, they do not refuse the container: 2,000 bindings of
    /// long host addresses and a 8,000-character image (within what it may keep otherwise) keep the
    /// container, its 64 lowest ports, and the count of the rest.
    /// </summary>
    [Fact]
    public void A_container_publishing_too_many_ports_is_kept_with_64_of_them()
    {
        var container = DockerModelConverter.ToContainer(new ContainerInspectResponse
        {
            ID = "abc",
            Config = new ContainerConfig { Image = new string('i', 8_000) },
            NetworkSettings = new NetworkSettings
            {
                Ports = Enumerable.Range(1, 1_000).ToDictionary(
                    port => $"{port}/udp",
                    port => (IList<PortBinding>)[new() { HostIP = "ffff:ffff:ffff:ffff:ffff:ffff:255.255.255.255", HostPort = "1" }, new() { HostIP = "::", HostPort = $"{port}" }]),
            },
        });

        Assert.Equal(64, container.PublishedPorts.Length);
        Assert.Equal(new RuntimePort("udp", 1, "::", 1), container.PublishedPorts[0]);
        Assert.Equal(2_000 - 64, container.PublishedPortsLeftOut);
    }

    /// <summary>Docker 20.10 says "default" where Docker 26 says "bridge" for a container run without --network.</summary>
    [Theory]
    [InlineData("default", "bridge")]
    [InlineData("bridge", "bridge")]
    [InlineData("host", "host")]
    [InlineData("container:abc", "container:abc")]
    public void Network_mode_is_one_word_per_mode_whatever_the_engine(string dockerSays, string kept)
    {
        Assert.Equal(kept, DockerModelConverter.ToContainer(new ContainerInspectResponse { ID = "abc", HostConfig = new HostConfig { NetworkMode = dockerSays } }).NetworkMode);
    }

    [Fact]
    public void A_bare_inspect_gives_empty_strings_not_nulls()
    {
        var container = DockerModelConverter.ToContainer(new ContainerInspectResponse { ID = "abc" });

        Assert.Equal(("abc", "", "", 0L, "", "", ""), (container.Id, container.Name, container.Image, container.Pid, container.NetworkMode, container.ComposeProject, container.ComposeService));
        Assert.Null(container.StartedAt);
        Assert.Empty(container.Endpoints);
        Assert.False(container.JoinsAnotherNamespace);
        Assert.False(container.UsesHostNetwork);
    }

    /// <summary>Docker writes State.StartedAt with Go's time.RFC3339Nano.</summary>
    [Theory]
    [InlineData("2024-01-02T03:04:05.123456789Z", "2024-01-02T03:04:05.1234568+00:00")]
    [InlineData("2024-01-02T03:04:05.5Z", "2024-01-02T03:04:05.5+00:00")]
    [InlineData("2024-01-02T03:04:05Z", "2024-01-02T03:04:05+00:00")]
    [InlineData("2024-01-02T04:04:05.25+01:00", "2024-01-02T03:04:05.25+00:00")]
    public void StartedAt_is_read_as_RFC_3339(string startedAt, string expected)
    {
        var container = DockerModelConverter.ToContainer(new ContainerInspectResponse { ID = "a", State = new State { StartedAt = startedAt } });

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), container.StartedAt);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0001-01-01T00:00:00Z")] // Go's zero time: Docker's "never started"
    [InlineData("yesterday")]
    [InlineData("2024-13-02T03:04:05Z")]
    [InlineData("2024-01-02T03:04:05+25:00")]
    public void A_missing_or_unreadable_StartedAt_is_null(string? startedAt)
    {
        var container = DockerModelConverter.ToContainer(new ContainerInspectResponse { ID = "a", State = new State { StartedAt = startedAt! } });

        Assert.Null(container.StartedAt);
    }

    /// <summary>Lines as dockerd 20.10 writes them on GET /events.</summary>
    [Fact]
    public void Network_events_name_the_container_from_the_actors_attributes()
    {
        var e = DockerModelConverter.ToEvent(
            "{\"Type\":\"network\",\"Action\":\"connect\",\"Actor\":{\"ID\":\"" + NetworkId + "\",\"Attributes\":{\"container\":\"a1a1\",\"name\":\"backend\",\"type\":\"bridge\"}},\"scope\":\"local\",\"time\":1795810418,\"timeNano\":1795810418767000000}");

        Assert.Equal(new DockerEvent("network", "connect", NetworkId, "a1a1"), e);
    }

    [Fact]
    public void Container_events_have_no_container_attribute()
    {
        var e = DockerModelConverter.ToEvent(
            "{\"status\":\"die\",\"id\":\"a1a1\",\"from\":\"busybox\",\"Type\":\"container\",\"Action\":\"die\",\"Actor\":{\"ID\":\"a1a1\",\"Attributes\":{\"exitCode\":\"0\",\"name\":\"web\"}},\"scope\":\"local\",\"time\":1}");

        Assert.Equal(new DockerEvent("container", "die", "a1a1", null), e);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"Type\":\"container\"}")] // no Action
    [InlineData("{\"Type\":7,\"Action\":\"start\"}")]
    public void A_malformed_events_line_is_ignored(string line)
    {
        Assert.Null(DockerModelConverter.ToEvent(line));
    }

    /// <summary>
    /// Events wait in memory to be applied: a word or id longer than Docker's ever are (up to the 1 MiB
    /// of a line) would hold that much per event. Such a line is no event.
    /// </summary>
    [Theory]
    [InlineData(65, 1, 1)]
    [InlineData(1, 65, 1)]
    [InlineData(1, 1, 129)]
    public void An_event_with_an_overlong_type_action_or_id_is_ignored(int typeChars, int actionChars, int idChars)
    {
        var line = $$$"""{"Type":"{{{new string('t', typeChars)}}}","Action":"{{{new string('a', actionChars)}}}","Actor":{"ID":"{{{new string('i', idChars)}}}"}}""";

        Assert.Null(DockerModelConverter.ToEvent(line));
    }

    [Fact]
    public void An_event_naming_an_overlong_container_is_ignored()
    {
        var line = $$$$"""{"Type":"network","Action":"connect","Actor":{"ID":"{{{{NetworkId}}}}","Attributes":{"container":"{{{{new string('c', 129)}}}}"}}}""";

        Assert.Null(DockerModelConverter.ToEvent(line));
    }

    /// <summary>"Networks": {"backend": null} from a broken or hostile daemon: no endpoint, not a crash.</summary>
    [Fact]
    public void An_endpoint_that_is_null_is_skipped()
    {
        var container = DockerModelConverter.ToContainer(new ContainerInspectResponse
        {
            ID = "a1",
            NetworkSettings = new NetworkSettings { Networks = new Dictionary<string, EndpointSettings> { ["backend"] = null!, ["bridge"] = new() { NetworkID = "n1" } } },
        });

        Assert.Equal("bridge", Assert.Single(container.Endpoints).Network);
    }

    [Fact]
    public void A_network_without_a_name_has_an_empty_one()
    {
        Assert.Equal("", DockerModelConverter.ToNetwork(new NetworkResponse { ID = NetworkId, Driver = "bridge" }).Name);
    }

    /// <summary>Not valid UTF-16, so it has no UTF-8 for the JSON reader: a malformed line too, not an exception.</summary>
    [Fact]
    public void A_line_with_a_lone_surrogate_is_ignored()
    {
        var line = "{\"Type\":\"container\",\"Action\":\"" + (char)0xd800 + "\"}";

        Assert.Null(DockerModelConverter.ToEvent(line));
    }

    [Theory]
    [InlineData("container:a1a1a1", true, false)]
    [InlineData("host", false, true)]
    [InlineData("bridge", false, false)]
    [InlineData("none", false, false)]
    [InlineData("containerd", false, false)] // a network may be called that
    public void Network_mode_flags(string mode, bool joinsAnother, bool usesHost)
    {
        var container = new RuntimeContainer("a", "a", "a", 1, null, mode, "", "", []);

        Assert.Equal((joinsAnother, usesHost), (container.JoinsAnotherNamespace, container.UsesHostNetwork));
    }

    /// <summary>A container restarted under the same pid (after a pid wrap) is another process: the topology must be made again.</summary>
    [Fact]
    public void A_new_start_time_is_a_change_in_networking()
    {
        var web = Tests.Infrastructure.DockerHostScenario.Web;

        Assert.True(web.SameNetworking(web with { Image = "nginx:1.28" }));
        Assert.False(web.SameNetworking(web with { StartedAt = web.StartedAt!.Value.AddMinutes(5) }));
    }

    [Theory]
    [InlineData("0123456789abcdef", "br-0123456789ab")]
    [InlineData("0123456789ab", "br-0123456789ab")]
    [InlineData("abc", "br-abc")]
    public void Default_bridge_name(string id, string expected)
    {
        Assert.Equal(expected, DockerModelConverter.DefaultBridgeName(id));
    }
}
