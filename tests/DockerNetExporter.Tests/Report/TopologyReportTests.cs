using System.Text.Json;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Report;
using DockerNetExporter.Topology;
using DockerNetExporter.Tests.Infrastructure;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Report;

/// <summary>The topology picture of Fixtures/docker-host (Fixtures/README.md), with counters moved by hand between two reads.</summary>
public sealed class TopologyReportTests
{
    private static readonly InterfaceCounters Zero = new(0, 0, 0, 0, 0, 0, 0, 0);

    /// <summary>The fixture's report, also drawn by <see cref="TopologyDotTests"/>.</summary>
    internal static TopologyReport Report()
    {
        using var pipeline = Pipeline.Over(Fixture);
        var snapshot = pipeline.Publish(Inventory());

        // Over two seconds, web's eth0 (on vethaaa) receives 2,000 bytes and transmits 500, and 3 packets on their way in are dropped;
        // api's eth0 gets 2 transmit errors; db's eth0 is read once only.
        var before = new Dictionary<string, InterfaceCounters> { ["web/eth0"] = Zero, ["db/eth0"] = Zero, ["api/eth0"] = Zero };
        var after = new Dictionary<string, InterfaceCounters>
        {
            ["web/eth0"] = Zero with { ReceiveBytes = 2000, TransmitBytes = 500, ReceiveDropped = 3 },
            ["api/eth0"] = Zero with { TransmitErrors = 2 },
        };
        return TopologyReport.Build(snapshot, before, after, TimeSpan.FromSeconds(2), SyncedAt, ProtocolDrops.Read(snapshot, pipeline.ProtocolFiles, OpenFileBudget.Unlimited));
    }

    [Fact]
    public void Each_bridge_holds_its_veths_and_the_container_interface_behind_each()
    {
        var report = Report();

        Assert.Equal(["br-0123456789ab", "br-front", "docker0"], report.Bridges.Select(b => b.Name));
        var docker0 = Assert.Single(report.Bridges, b => b.Name == "docker0");
        Assert.Equal("bridge", docker0.Network);
        Assert.Equal(1, docker0.UnmappedPorts); // vethdead
        var web = Assert.Single(docker0.Ports);
        Assert.Equal(("vethaaa", "web", "eth0", 4026532001UL), (web.Veth, web.Container, web.Interface, web.Netns!.Value));
        Assert.Equal(["172.17.0.2"], web.Addresses.ToArray());
        Assert.Equal(("02:42:ac:11:00:02", "172.17.0.1"), (web.Mac, web.Gateway));
        var backend = Assert.Single(report.Bridges, b => b.Name == "br-0123456789ab");
        Assert.Equal(["172.18.0.0/16", "fd00:db8:1::/64"], backend.Subnets.ToArray());
        Assert.Equal(["172.18.0.1"], backend.Gateways.ToArray());
        Assert.Equal([("api", "eth0"), ("db", "eth0")], backend.Ports.Select(p => (p.Container, p.Interface)));
        var front = Assert.Single(Assert.Single(report.Bridges, b => b.Name == "br-front").Ports);
        Assert.Equal(("172.19.0.254", "unknown"), (front.Gateway, front.GatewayLocation)); // no host addresses in the tree: Docker gave no network that address
        Assert.Equal("bridge", web.GatewayLocation);
        Assert.Equal([new PublishedPort("tcp", 80, "0.0.0.0", 8080), new PublishedPort("tcp", 80, "::", 8080)], web.PublishedPorts.ToArray());
        Assert.All(backend.Ports, p => Assert.Empty(p.PublishedPorts));
    }

    [Fact]
    public void Rates_are_the_container_interface_counters_over_the_interval()
    {
        var report = Report();

        var web = report.Bridges.SelectMany(b => b.Ports).Single(p => p.Container == "web");
        Assert.Equal(1000, web.ReceiveBytesPerSecond); // 2,000 bytes over 2 s
        Assert.Equal(250, web.TransmitBytesPerSecond);
        var db = report.Bridges.SelectMany(b => b.Ports).Single(p => p.Container == "db");
        Assert.Null(db.ReceiveBytesPerSecond); // no second read
        Assert.Equal(2, report.IntervalSeconds);
    }

    [Fact]
    public void Drops_and_errors_are_counted_over_the_interval_and_unknown_without_two_reads()
    {
        var ports = Report().Bridges.SelectMany(b => b.Ports).ToList();

        Assert.Equal(new IntervalLosses(3, 0, 0, 0), ports.Single(p => p.Container == "web").Lost);
        Assert.Equal(new IntervalLosses(0, 0, 0, 2), ports.Single(p => p.Container == "api" && p.Interface == "eth0").Lost);
        Assert.Equal(new IntervalLosses(null, null, null, null), ports.Single(p => p.Container == "db").Lost);
    }

    [Fact]
    public void A_counter_that_went_back_gives_no_count_rather_than_a_huge_one()
    {
        using var pipeline = Pipeline.Over(Fixture);
        var snapshot = pipeline.Publish(Inventory([Web], AllNetworks));
        var before = new Dictionary<string, InterfaceCounters> { ["web/eth0"] = Zero with { ReceiveDropped = 10, TransmitBytes = 900 } };
        var after = new Dictionary<string, InterfaceCounters> { ["web/eth0"] = Zero with { ReceiveDropped = 4, TransmitBytes = 1000 } };

        var web = TopologyReport.Build(snapshot, before, after, TimeSpan.FromSeconds(1), SyncedAt, new Dictionary<string, ProtocolDrops>()).Bridges.SelectMany(b => b.Ports).Single();

        Assert.Equal((null, 0UL), (web.Lost.ReceiveDropped, web.Lost.TransmitDropped!.Value));
        Assert.Equal(100, web.TransmitBytesPerSecond);
    }

    /// <summary>The page counts drops and errors between its refreshes from each port's counters, those of the second read, as the container sees them.</summary>
    [Fact]
    public void Each_port_carries_its_counters_at_the_second_read()
    {
        var report = Report();

        var ports = report.Bridges.SelectMany(b => b.Ports).ToList();
        Assert.Equal(Zero with { ReceiveBytes = 2000, TransmitBytes = 500, ReceiveDropped = 3 }, ports.Single(p => p.Container == "web").Counters);
        Assert.Equal(Zero with { TransmitErrors = 2 }, ports.Single(p => p.Container == "api" && p.Interface == "eth0").Counters);
        Assert.Null(ports.Single(p => p.Container == "db").Counters); // no second read
        using var document = JsonDocument.Parse(JsonSerializer.Serialize(report, TopologyJson.Default.TopologyReport));
        var counters = document.RootElement.GetProperty("bridges").EnumerateArray().SelectMany(b => b.GetProperty("ports").EnumerateArray())
            .Single(p => p.GetProperty("container").GetString() == "web").GetProperty("counters");
        Assert.Equal((3UL, 0UL, 0UL, 0UL), (counters.GetProperty("receive_dropped").GetUInt64(), counters.GetProperty("transmit_dropped").GetUInt64(), counters.GetProperty("receive_errors").GetUInt64(), counters.GetProperty("transmit_errors").GetUInt64()));
    }

    /// <summary>
    /// An overlay container's interface hangs on its sandbox's bridge, drawn as a bridge of its own
    /// that leads to the host through the sandbox's VXLAN device: container, veth, br0, vxlan0, host.
    /// </summary>
    [Fact]
    public void An_overlay_is_drawn_from_the_container_through_its_sandbox_to_the_host()
    {
        var link = new VethLink(
            "eth0", "/proc/7/root/sys/class/net/eth0", "1-u55zl6nsvn/veth1", 9, "", "1-u55zl6nsvn/br0", "ov1", "02:42:0a:00:01:02",
            LinkKind.Overlay, new NamespaceCounters("/proc/7/net/dev", "/proc/7/ns/net", 4026532400));
        var container = new ContainerNode("c1", "o1", null, "ov1", 4026532400, null, null, [link], [new IpAssignment("eth0", "ov1", "ipv4", "10.0.1.2", link.MacAddress)]);
        var snapshot = new TopologySnapshot(
            [container], [], SyncedAt, Overlays: [new OverlayNode("ov1", "u55zl6nsvn2v", "1-u55zl6nsvn", "/run/docker/netns/1-u55zl6nsvn", 4026532399, "br0", new VxlanDevice("vxlan0", 5, 4097))]);

        var report = TopologyReport.Build(
            snapshot, new Dictionary<string, InterfaceCounters>(), new Dictionary<string, InterfaceCounters>(), TimeSpan.FromSeconds(1), SyncedAt, new Dictionary<string, ProtocolDrops>());

        var overlay = Assert.Single(report.Bridges);
        Assert.Equal(("1-u55zl6nsvn/br0", "ov1", "1-u55zl6nsvn/vxlan0", 4097u), (overlay.Name, overlay.Network, overlay.Vxlan, overlay.Vni!.Value));
        Assert.Equal(("1-u55zl6nsvn/veth1", "o1", "eth0"), (overlay.Ports[0].Veth, overlay.Ports[0].Container, overlay.Ports[0].Interface));
        var text = TopologyText.Render(report);
        Assert.StartsWith("1-u55zl6nsvn/br0  network ov1  <-> 1-u55zl6nsvn/vxlan0 vni 4097 <-> host", text, StringComparison.Ordinal);
        Assert.Contains("1-u55zl6nsvn/veth1  <->  o1:eth0", text, StringComparison.Ordinal);
    }

    /// <summary>
    /// Names are others' (a container renames its interface; whoever may create a network names
    /// it): an escape sequence or a line break in one reaches the terminal as U+FFFD, one line a part.
    /// </summary>
    [Fact]
    public void A_control_character_in_a_name_reaches_the_terminal_as_U_FFFD()
    {
        const string name = "\u001b[2J\u001b]0;x\u0007\r\nfake\u009b";
        var port = new PortView(name, name, name, 7, ["10.0.0.2"], name, "", "", null, null, new IntervalLosses(null, null, null, null), null, []);
        var report = new TopologyReport(
            DateTimeOffset.UnixEpoch, 1, [new BridgeView(name, name, ["10.0.0.0/24"], ["10.0.0.1"], [port], 0)], [new ContainerView(name, name, 7, [], "")]);

        var lines = TopologyText.Render(report).Split(Environment.NewLine);

        Assert.Equal(["bridge", "port", "no veth of their own:", "apart", "rates", ""], lines.Select((line, i) => i switch
        {
            0 when line.StartsWith("\uFFFD[2J\uFFFD]0;x\uFFFD\uFFFD\uFFFDfake\uFFFD  network ", StringComparison.Ordinal) => "bridge",
            1 when line.Contains("<->  \uFFFD[2J", StringComparison.Ordinal) => "port",
            3 when line.StartsWith("  \uFFFD[2J", StringComparison.Ordinal) => "apart",
            4 when line.StartsWith("rates over", StringComparison.Ordinal) => "rates",
            _ => line,
        }));
        Assert.All(lines, line => Assert.DoesNotContain(line, char.IsControl));
    }

    /// <summary>
    /// Each port carries what its container's namespace dropped: web's snmp, netstat and snmp6 as
    /// Fixtures/README.md gives them, UDP and IP as IPv4's and IPv6's together (Udp RcvbufErrors 113
    /// and Udp6's 143, say); api's two interfaces both carry api's.
    /// </summary>
    [Fact]
    public void Each_port_shows_what_its_container_s_namespace_dropped()
    {
        var report = Report();

        var ports = report.Bridges.SelectMany(b => b.Ports).ToList();
        var web = ports.Single(p => p.Container == "web");
        Assert.Equal(new ProtocolDrops(121, 122, 123, 107, 113 + 143, 114 + 144, 101 + 131, 102 + 132), web.Drops);
        Assert.All(ports.Where(p => p.Container == "api"), p => Assert.Equal(321UL, p.Drops!.TcpListenOverflows));
        Assert.Contains(
            "drops: listen overflows 121, listen drops 122, backlog drops 123, retransmits 107, udp rcvbuf 256, udp sndbuf 258, ip in discards 232, ip out discards 234",
            TopologyText.Render(report),
            StringComparison.Ordinal);
    }

    /// <summary>A kernel without IPv6 (no snmp6 beside snmp): IPv4's counts alone. snmp6 unreadable where there is IPv6: those counts unknown.</summary>
    [Theory]
    [InlineData(false, 113UL, 101UL)]
    [InlineData(true, null, null)]
    public void Without_snmp6_the_counts_are_IPv4_s_only_where_the_kernel_has_no_IPv6(bool snmp6Unreadable, ulong? receiveBufferErrors, ulong? inputDiscards)
    {
        using var tree = TempTree.CopyOf(Fixture);
        var snmp6 = tree.Path("proc", "1001", "net", "snmp6");
        File.Delete(snmp6);
        if (snmp6Unreadable)
        {
            Directory.CreateDirectory(snmp6);
        }

        using var pipeline = new Pipeline(tree.Root);
        var snapshot = pipeline.Publish(Inventory([Web], AllNetworks));

        var drops = ProtocolDrops.Read(snapshot, pipeline.ProtocolFiles, OpenFileBudget.Unlimited)["web"];

        Assert.Equal((121UL, receiveBufferErrors, inputDiscards), (drops.TcpListenOverflows!.Value, drops.UdpReceiveBufferErrors, drops.IpInputDiscards));
    }

    [Fact]
    public void Containers_without_a_veth_of_their_own_are_listed_apart()
    {
        var report = Report();

        Assert.Equal(["batch", "cache", "monitor", "sidecar"], report.WithoutVeth.Select(c => c.Container).Order(StringComparer.Ordinal));
        Assert.Equal("host", Assert.Single(report.WithoutVeth, c => c.Container == "monitor").NetworkMode);
    }

    [Fact]
    public void The_text_aligns_every_column_across_bridges()
    {
        var text = TopologyText.Render(Report());

        var lines = text.Split('\n');
        Assert.StartsWith("br-0123456789ab  network backend  172.18.0.0/16 fd00:db8:1::/64  gateway 172.18.0.1", lines[0], StringComparison.Ordinal);
        var ports = lines.Where(l => l.Contains("<->", StringComparison.Ordinal)).ToList();
        Assert.Equal(4, ports.Count);
        Assert.Single(ports.Select(l => l.IndexOf("<->", StringComparison.Ordinal)).Distinct());
        Assert.Single(ports.Select(l => l.IndexOf("netns", StringComparison.Ordinal)).Distinct());
        Assert.Single(ports.Select(l => l.IndexOf(" rx ", StringComparison.Ordinal)).Distinct());
        Assert.Contains(ports, l => l.Contains("vethaaa", StringComparison.Ordinal) && l.Contains("web:eth0", StringComparison.Ordinal)
            && l.Contains("rx 1.0 kB/s", StringComparison.Ordinal) && l.Contains("tx 250 B/s", StringComparison.Ordinal));
        Assert.Contains(ports, l => l.Contains("db:eth0", StringComparison.Ordinal) && l.Contains(" rx ? ", StringComparison.Ordinal) && l.Contains(" tx ? ", StringComparison.Ordinal));
        Assert.Single(ports.Select(l => l.IndexOf(" drops", StringComparison.Ordinal)).Distinct());
        Assert.Contains(ports, l => l.Contains("web:eth0", StringComparison.Ordinal) && l.Contains("  0.0.0.0:8080->80/tcp,[::]:8080->80/tcp  ", StringComparison.Ordinal));
        Assert.Single(ports.Select(l => l.IndexOf(" rx ", StringComparison.Ordinal)).Distinct()); // the ports cell is as wide on every line
        Assert.Contains("  monitor  host  netns 4026531840", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_json_has_snake_case_keys_and_reads_back()
    {
        var json = JsonSerializer.Serialize(Report(), TopologyJson.Default.TopologyReport);

        using var document = JsonDocument.Parse(json);
        var port = document.RootElement.GetProperty("bridges")[2].GetProperty("ports")[0];
        Assert.Equal("vethaaa", port.GetProperty("veth").GetString());
        Assert.Equal(1000, port.GetProperty("receive_bytes_per_second").GetDouble());
        Assert.Equal(4026532001UL, port.GetProperty("netns").GetUInt64());
        var published = port.GetProperty("published_ports")[1];
        Assert.Equal(("tcp", 80, "::", 8080), (published.GetProperty("protocol").GetString(), published.GetProperty("container_port").GetInt32(), published.GetProperty("host_ip").GetString(), published.GetProperty("host_port").GetInt32()));
        Assert.Equal(Report(), JsonSerializer.Deserialize(json, TopologyJson.Default.TopologyReport), new ReportComparer());
    }

    /// <summary>Records with ImmutableArrays compare those by reference: compare the JSON instead.</summary>
    private sealed class ReportComparer : IEqualityComparer<TopologyReport?>
    {
        public bool Equals(TopologyReport? x, TopologyReport? y) =>
            JsonSerializer.Serialize(x, TopologyJson.Default.TopologyReport!) == JsonSerializer.Serialize(y, TopologyJson.Default.TopologyReport!);

        public int GetHashCode(TopologyReport? obj) => 0;
    }
}
