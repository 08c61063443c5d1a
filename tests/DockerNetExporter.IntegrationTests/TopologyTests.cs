using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// <c>DockerNetExporter topology</c> and GET /topology against the kernel: every veth, bridge,
/// namespace and address in the picture is checked with the kernel's and Docker's own answers.
/// No packet is sent.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait(EngineTrait.Name, EngineTrait.AnyDocker)]
public sealed class TopologyTests(DockerEnvironment environment)
{
    private DockerCli Docker => environment.Docker;

    [Fact]
    public async Task The_command_draws_each_container_interface_on_its_veth_and_bridge()
    {
        var network = Docker.Name("topology-net");
        await Docker.CreateNetworkAsync(network);
        var twoNetworks = Docker.Name("topology-two");
        var hostMode = Docker.Name("topology-host");
        await Docker.StartContainerAsync(twoNetworks, []);
        await Docker.RunAsync("network", "connect", network, twoNetworks);
        await Docker.StartContainerAsync(hostMode, ["--network", "host"]);

        var (exitCode, stdout, stderr) = await ExporterProcess.RunToExitAsync("topology", "--output=json", "--interval=200ms");

        Assert.True(exitCode == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        // As timed: about 200ms, well short of the default 1s. The delay's timer counts whole milliseconds
        // of another clock than the one that times it, so it may end a few milliseconds early (197.7 ms seen).
        Assert.InRange(json.RootElement.GetProperty("interval_seconds").GetDouble(), 0.18, 0.6);
        var ports = json.RootElement.GetProperty("bridges").EnumerateArray()
            .SelectMany(b => b.GetProperty("ports").EnumerateArray().Select(p => (Bridge: b.GetProperty("name").GetString()!, Port: p)))
            .Where(x => x.Port.GetProperty("container").GetString() == twoNetworks)
            .ToList();
        Assert.Equal(2, ports.Count);
        var defaultBridge = await Docker.DefaultBridgeAsync();
        var netns = NetnsOf(await Docker.InspectAsync(twoNetworks, "{{.State.Pid}}"));
        foreach (var (bridge, port) in ports)
        {
            var containerInterface = port.GetProperty("interface").GetString()!;
            var veth = await Docker.HostVethOfAsync(twoNetworks, containerInterface);
            Assert.Equal(veth, port.GetProperty("veth").GetString());
            Assert.Equal(HostKernel.Master(veth), bridge);
            Assert.Equal(netns, port.GetProperty("netns").GetUInt64());
            var dockerNetwork = bridge == defaultBridge ? "bridge" : network;
            Assert.Equal(
                await Docker.InspectAsync(twoNetworks, $"{{{{(index .NetworkSettings.Networks \"{dockerNetwork}\").IPAddress}}}}"),
                Assert.Single(port.GetProperty("addresses").EnumerateArray()).GetString());
            Assert.Equal(
                await Docker.InspectAsync(twoNetworks, $"{{{{(index .NetworkSettings.Networks \"{dockerNetwork}\").MacAddress}}}}"),
                port.GetProperty("mac").GetString());
        }

        // Its default gateway is the default bridge's address, the first network's.
        var gateway = await Docker.InspectAsync(twoNetworks, "{{.NetworkSettings.Networks.bridge.Gateway}}");
        Assert.All(ports, p => Assert.Equal(gateway, p.Port.GetProperty("gateway").GetString()));
        var apart = Assert.Single(json.RootElement.GetProperty("without_veth").EnumerateArray(), c => c.GetProperty("container").GetString() == hostMode);
        Assert.Equal("host", apart.GetProperty("network_mode").GetString());

        var text = await ExporterProcess.RunToExitAsync("topology");
        Assert.Equal(0, text.ExitCode);
        Assert.Contains($"<->  {twoNetworks}:eth1", text.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// <c>topology --output=dot</c> rendered by Graphviz: the SVG shows the container's name, interface,
    /// address, MAC, veth and bridge as <c>docker inspect</c> and the kernel say. Its network is named
    /// to break out of its DOT string (Docker takes such a name): its bridge shows the name as given,
    /// and the drawing holds only Graphviz's elements and the exporter's ids. A container sharing
    /// the namespace points at it.
    /// </summary>
    [Fact]
    public async Task The_dot_output_renders_with_graphviz_with_each_name_as_given()
    {
        var network = Docker.Name("dot-x\"]; evil [label=\"pwn\"]; b0 -> evil; <script>&lt;b&gt; \\N \\");
        var name = await StartOnNewNetworkAsync(network, "dot");
        var sharer = Docker.Name("dot-sharer");
        await Docker.StartContainerAsync(sharer, ["--network", "container:" + name]);
        var (address, mac, gateway) = await AddressMacAndGatewayAsync(name);
        var veth = await Docker.HostVethOfAsync(name, "eth0");

        var (exitCode, dot, stderr) = await ExporterProcess.RunToExitAsync(
            "topology", "--output=dot", "--interval=200ms", $"--container.include=^({Regex.Escape(name)}|{Regex.Escape(sharer)})$");

        Assert.True(exitCode == 0, stderr);
        var svg = await GraphvizSvg.RenderAsync(dot, nameof(The_dot_output_renders_with_graphviz_with_each_name_as_given));
        Assert.Subset(new HashSet<string>(["svg", "g", "title", "text", "path", "polygon", "polyline", "ellipse"]), svg.ElementNames.ToHashSet(StringComparer.Ordinal)); // no <script>, no <b>
        Assert.All(svg.Titles, t => Assert.Matches(@"^(topology|cluster_(host|apart|c\d+)|[abc]\d+(_\d+)?|[abc]\d+(_\d+)?->[abc]\d+(_\d+)?)$", t));
        var bridgeName = HostKernel.Master(veth);
        Assert.NotNull(bridgeName);
        var bridge = svg.TitleOf("node", bridgeName);
        Assert.Contains("network " + network, svg.Lines(bridge));
        var box = svg.TitleOf("cluster", name);
        var containerInterface = svg.TitleOf("node", "eth0");
        Assert.Equal(["eth0", address, mac], svg.Lines(containerInterface));
        var line = $"{bridge}->{containerInterface}";
        Assert.Equal(veth, svg.Lines(line)[0]);
        Assert.Matches(@"^rx\s\S+\s[kMG]?B/s\s+tx\s\S+\s[kMG]?B/s$", svg.Lines(line)[1]); // Graphviz writes a second space as U+00A0
        Assert.Contains("gw " + gateway, svg.Lines(box));
        var apart = svg.TitleOf("node", sharer);
        Assert.Equal(["shares its namespace"], svg.Lines($"{apart}->{containerInterface}"));
    }

    /// <summary>
    /// A container whose eth0 MTU is 1000, pinged with 1400-byte packets all through the report's
    /// interval: its veth drops every one, and the drawing has that veth in red with the count,
    /// which the kernel's count over the whole ping bounds.
    /// </summary>
    [Fact]
    public async Task A_veth_that_drops_in_the_interval_is_drawn_red_with_its_count()
    {
        var network = Docker.Name("dot-drop-net");
        var small = await StartOnNewNetworkAsync(network, "dot-drop-target", "--cap-add", "NET_ADMIN");
        var sender = Docker.Name("dot-drop-source");
        await Docker.StartContainerAsync(sender, ["--network", network]);
        await Docker.ExecAsync(small, "ip", "link", "set", "eth0", "mtu", "1000");
        var (smallIp, _, _) = await AddressMacAndGatewayAsync(small);
        var veth = await Docker.HostVethOfAsync(small, "eth0");
        var droppedBefore = HostKernel.Statistic(veth, "tx_dropped");

        // 8 s of pings, one each 0.2 s: the report's two reads, 2 s apart, fall within them.
        var ping = Shell.RunAsync(DockerCli.Executable, ["exec", sender, "ping", "-c", "40", "-i", "0.2", "-W", "1", "-s", "1400", smallIp]);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        var (exitCode, dot, stderr) = await ExporterProcess.RunToExitAsync(
            "topology", "--output=dot", "--interval=2s", $"--container.include=^{Regex.Escape(small)}$");
        await ping;
        var droppedInAll = HostKernel.Statistic(veth, "tx_dropped") - droppedBefore;

        Assert.True(exitCode == 0, stderr);
        var svg = await GraphvizSvg.RenderAsync(dot, nameof(A_veth_that_drops_in_the_interval_is_drawn_red_with_its_count));
        var line = svg.TitleOf("edge", veth);
        Assert.Equal("red", svg.Stroke(line));
        var counts = Regex.Match(svg.Lines(line)[2], @"^dropped rx (\d+) tx 0, errors rx 0 tx 0$");
        Assert.True(counts.Success, svg.Lines(line)[2]);
        Assert.InRange(ulong.Parse(counts.Groups[1].Value, CultureInfo.InvariantCulture), 3UL, droppedInAll); // 2 s of a ping each 0.2 s: about 10
    }

    [Fact]
    public async Task The_endpoint_serves_the_same_picture_as_json_or_dot()
    {
        var name = Docker.Name("topology-endpoint");
        await Docker.StartContainerAsync(name, []);
        await environment.WaitForSampleAsync("dockernet_container_info", s => s["container"] == name, $"{name} discovered");

        using var response = await environment.Exporter.Http.GetAsync(new Uri("/topology?interval=100ms", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(0.1, json.RootElement.GetProperty("interval_seconds").GetDouble(), 1);
        var port = json.RootElement.GetProperty("bridges").EnumerateArray().SelectMany(b => b.GetProperty("ports").EnumerateArray())
            .Single(p => p.GetProperty("container").GetString() == name);
        Assert.Equal(await Docker.HostVethOfAsync(name, "eth0"), port.GetProperty("veth").GetString());
        Assert.True(port.GetProperty("receive_bytes_per_second").GetDouble() >= 0);

        using var dot = await environment.Exporter.Http.GetAsync(new Uri("/topology?interval=100ms&format=dot", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, dot.StatusCode);
        Assert.Equal("text/vnd.graphviz", dot.Content.Headers.ContentType?.MediaType);
        var graph = await dot.Content.ReadAsStringAsync();
        Assert.StartsWith("digraph topology {", graph, StringComparison.Ordinal);
        Assert.Contains($"[label=\"{port.GetProperty("veth").GetString()}\\nrx ", graph, StringComparison.Ordinal);
        Assert.Contains($"label=\"{name}\\n", graph, StringComparison.Ordinal);

        foreach (var query in new[] { "interval=forever", "interval=0s", "interval=11s", "interval=1s&interval=2s", "format=svg", "format=dot&format=json", "format=DOT" })
        {
            using var bad = await environment.Exporter.Http.GetAsync(new Uri("/topology?" + query, UriKind.Relative));
            Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, query);
        }
    }

    /// <summary>A container of this role started on a network made for it, of that name.</summary>
    private async Task<string> StartOnNewNetworkAsync(string network, string role, params string[] options)
    {
        await Docker.CreateNetworkAsync(network);
        var container = Docker.Name(role);
        await Docker.StartContainerAsync(container, ["--network", network, .. options]);
        return container;
    }

    /// <summary>The address, MAC and gateway of a container on one network, as docker inspect says.</summary>
    private async Task<(string Address, string Mac, string Gateway)> AddressMacAndGatewayAsync(string container)
    {
        var parts = (await Docker.InspectAsync(container, "{{range .NetworkSettings.Networks}}{{.IPAddress}} {{.MacAddress}} {{.Gateway}}{{end}}")).Split(' ');
        return (parts[0], parts[1], parts[2]);
    }

    /// <summary>The network namespace inode of a process, from the link /proc/PID/ns/net -> net:[INODE].</summary>
    private static ulong NetnsOf(string pid)
    {
        var target = new FileInfo($"/proc/{pid.Trim()}/ns/net").LinkTarget!;
        return ulong.Parse(target["net:[".Length..^1], CultureInfo.InvariantCulture);
    }
}
