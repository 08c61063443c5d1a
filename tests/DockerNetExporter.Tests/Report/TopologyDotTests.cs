using DockerNetExporter.Report;
using DockerNetExporter.Tests.Infrastructure;

namespace DockerNetExporter.Tests.Report;

/// <summary>
/// The DOT drawing of Fixtures/docker-host's report (<see cref="TopologyReportTests.Report"/>: web's
/// eth0 dropped 3 packets over the interval, api's eth0 had 2 errors, db's was read once), read back
/// with <see cref="DotGraph"/>; and names that try to break out of their quoted strings.
/// </summary>
public sealed class TopologyDotTests
{
    /// <summary>The fixture's drawing, read back; kept in artifacts/topology-dot/docker-host.dot, which docs/topology.svg is rendered from.</summary>
    private static DotGraph Graph()
    {
        var dot = TopologyDot.Render(TopologyReportTests.Report());
        var artifacts = Path.Combine(FixtureTree.RepositoryRoot, "artifacts", "topology-dot");
        Directory.CreateDirectory(artifacts);
        File.WriteAllText(Path.Combine(artifacts, "docker-host.dot"), dot);
        return DotGraph.Parse(dot);
    }

    [Fact]
    public void The_host_namespace_holds_each_bridge_with_its_network_subnets_and_gateway()
    {
        var graph = Graph();

        Assert.Equal("host network namespace", graph.Subgraphs["cluster_host"]["label"]);
        Assert.Equal(
            [
                "br-0123456789ab\nnetwork backend\n172.18.0.0/16 fd00:db8:1::/64\ngateway 172.18.0.1",
                "br-front\nnetwork frontend\n172.19.0.0/16\ngateway 172.19.0.1",
                "docker0\nnetwork bridge\n172.17.0.0/16\ngateway 172.17.0.1\n1 port(s) no running container accounts for", // vethdead
            ],
            graph.Nodes.Values.Where(n => n.Subgraph == "cluster_host").Select(n => n.Label));
    }

    [Fact]
    public void Each_container_namespace_holds_its_interfaces_with_its_gateway_and_namespace_drops()
    {
        var graph = Graph();

        var web = Cluster(graph, "web");
        Assert.Equal(
            "web\nnetns 4026532001\ngw 172.17.0.1\n0.0.0.0:8080->80/tcp,[::]:8080->80/tcp\n"
                + "drops: listen overflows 121, listen drops 122, backlog drops 123, retransmits 107, udp rcvbuf 256, udp sndbuf 258, ip in discards 232, ip out discards 234",
            graph.Subgraphs[web]["label"]);
        Assert.Equal("eth0\n172.17.0.2\n02:42:ac:11:00:02", Assert.Single(graph.Nodes.Values, n => n.Subgraph == web).Label);
        var api = Cluster(graph, "api");
        Assert.Equal(["eth0", "eth1"], graph.Nodes.Values.Where(n => n.Subgraph == api).Select(n => n.Label.Split('\n')[0]).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Each_veth_is_a_line_from_its_bridge_to_the_container_interface_in_a_warning_colour_when_it_lost_packets()
    {
        var graph = Graph();

        var web = Veth(graph, "vethaaa");
        Assert.Equal(("docker0", "web"), (Bridge(graph, web), Container(graph, web)));
        Assert.Equal("vethaaa\nrx 1.0 kB/s  tx 250 B/s\ndropped rx 3 tx 0, errors rx 0 tx 0", web.Label);
        Assert.Equal("red", web.Colour);
        var api = Veth(graph, "vethccc");
        Assert.Equal("vethccc\nrx 0 B/s  tx 0 B/s\ndropped rx 0 tx 0, errors rx 0 tx 2", api.Label);
        Assert.Equal("orange", api.Colour); // errors without drops
        var db = Veth(graph, "vethbbb");
        Assert.Equal(("br-0123456789ab", "db"), (Bridge(graph, db), Container(graph, db)));
        Assert.Equal("vethbbb\nrx ?  tx ?\ndropped rx ? tx ?, errors rx ? tx ?", db.Label); // read once: nothing known, nothing coloured
        Assert.Null(db.Colour);
        Assert.Null(Veth(graph, "vethddd").Colour);
    }

    [Fact]
    public void Containers_without_a_veth_are_apart_and_a_sharer_points_at_the_namespace_it_shares()
    {
        var graph = Graph();

        var apart = graph.Nodes.Values.Where(n => n.Subgraph == "cluster_apart").ToList();
        Assert.Equal(["batch", "cache", "monitor", "sidecar"], apart.Select(n => n.Label.Split('\n')[0]).Order(StringComparer.Ordinal));
        Assert.Contains(apart, n => n.Label == "monitor\nhost\nnetns 4026531840");
        var sidecar = apart.Single(n => n.Label.StartsWith("sidecar\n", StringComparison.Ordinal));
        var shares = Assert.Single(graph.Edges, e => e.From == sidecar.Id);
        Assert.Equal(Cluster(graph, "web"), graph.Nodes[shares.To].Subgraph);
        Assert.Equal(Cluster(graph, "web"), shares.Attributes["lhead"]);
        Assert.Equal("shares its namespace", shares.Label);
        Assert.Equal(5, graph.Edges.Count); // the four veths (vethaaa, vethbbb, vethccc, vethddd) and the sharer's line: no other
    }

    /// <summary>An overlay's bridge is in its sandbox and interfaces with no bridge (macvlan) hang on none: both stand outside the host's box.</summary>
    [Fact]
    public void An_overlay_s_bridge_and_the_interfaces_with_no_bridge_stand_outside_the_host()
    {
        var lost = new IntervalLosses(null, null, null, null);
        var report = new TopologyReport(
            DateTimeOffset.UnixEpoch,
            1,
            [
                new BridgeView("docker0", "bridge", [], [], [], 0),
                new BridgeView("1-u55zl6nsvn/br0", "ov1", [], [], [new PortView("1-u55zl6nsvn/veth1", "o1", "eth0", 9, [], "", "", "", null, null, lost)], 0, "1-u55zl6nsvn/vxlan0", 4097),
                new BridgeView("", "", [], [], [new PortView("", "m1", "eth0", 8, [], "", "", "", null, null, lost)], 0),
            ],
            []);

        var graph = DotGraph.Parse(TopologyDot.Render(report));

        Assert.Equal("cluster_host", graph.Nodes["b0"].Subgraph);
        Assert.Equal(("", "1-u55zl6nsvn/br0\nnetwork ov1\n<-> 1-u55zl6nsvn/vxlan0 vni 4097 <-> host"), (graph.Nodes["b1"].Subgraph, graph.Nodes["b1"].Label));
        Assert.Equal(("", "(no bridge)"), (graph.Nodes["b2"].Subgraph, graph.Nodes["b2"].Label));
        Assert.Contains(graph.Edges, e => e.From == "b2" && e.Label.StartsWith("rx ?", StringComparison.Ordinal)); // no veth: no name line
    }

    /// <summary>
    /// Names from Docker and the kernel that try to close their quoted string and write statements
    /// of their own (a node "evil", an edge to it), to end the string with a backslash, to use a
    /// label's escapes (\N is the node's id), to break lines, to look like HTML or to be read as its
    /// entities. The drawing has the same statements as one of plain names, and each label shows the
    /// name as it is (a control character as U+FFFD).
    /// </summary>
    [Theory]
    [InlineData("x\"]; evil [label=\"pwn\"]; b0 -> evil; x [label=\"")]
    [InlineData("ends with a backslash\\")]
    [InlineData("\\\"]; evil; \\")]
    [InlineData("\\N \\G \\l \\n")]
    [InlineData("<b>bold</b> <!-- & -->")]
    [InlineData("}}}; digraph evil {")]
    [InlineData("&amp; &lt;script&gt; &#34; &#x5c;")] // Graphviz would show these as & <script> " \ were & not escaped
    public void A_name_cannot_write_statements_or_change_what_its_label_shows(string name)
    {
        var hostile = TopologyDot.Render(Named(name));
        var plain = TopologyDot.Render(Named("plain"));

        Assert.Equal(DotGraph.Skeleton(plain), DotGraph.Skeleton(hostile));
        var graph = DotGraph.Parse(hostile);
        Assert.DoesNotContain("evil", graph.Nodes.Keys);
        Assert.Equal($"{name}\nnetns 7\ndrops ?", graph.Subgraphs["cluster_c0"]["label"]);
        Assert.Equal($"{name}\n10.0.0.2\n{name}", graph.Nodes["c0_0"].Label);
        Assert.StartsWith($"{name}\nnetwork {name}\n", graph.Nodes["b0"].Label, StringComparison.Ordinal);
        Assert.Equal($"{name}\nrx ?  tx ?\ndropped rx ? tx ?, errors rx ? tx ?", graph.Edges[0].Label);
        Assert.Equal($"{name}\n{name}\nnetns 7", graph.Nodes["a0"].Label);
    }

    [Fact]
    public void A_line_break_or_other_control_character_in_a_name_does_not_break_the_label()
    {
        var graph = DotGraph.Parse(TopologyDot.Render(Named("a\nb\r\u0085c\u0000")));

        Assert.Equal("a\uFFFDb\uFFFD\uFFFDc\uFFFD\nnetns 7\ndrops ?", graph.Subgraphs["cluster_c0"]["label"]);
    }

    /// <summary>A report whose every name (container, interface, veth, bridge, network, MAC, mode) is <paramref name="name"/>.</summary>
    private static TopologyReport Named(string name)
    {
        var port = new PortView(name, name, name, 7, ["10.0.0.2"], name, "", "", null, null, new IntervalLosses(null, null, null, null), null, []);
        return new TopologyReport(
            DateTimeOffset.UnixEpoch,
            1,
            [new BridgeView(name, name, ["10.0.0.0/24"], ["10.0.0.1"], [port], 0)],
            [new ContainerView(name, name, 7, [], "")]);
    }

    private static DotEdge Veth(DotGraph graph, string veth) => Assert.Single(graph.Edges, e => e.Label.StartsWith(veth + "\n", StringComparison.Ordinal));

    private static string Bridge(DotGraph graph, DotEdge veth) => graph.Nodes[veth.From].Label.Split('\n')[0];

    private static string Container(DotGraph graph, DotEdge veth) => graph.Subgraphs[graph.Nodes[veth.To].Subgraph]["label"].Split('\n')[0];

    private static string Cluster(DotGraph graph, string container) =>
        Assert.Single(graph.Subgraphs, s => s.Value.GetValueOrDefault("label")?.Split('\n')[0] == container).Key;
}
