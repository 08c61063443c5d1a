using System.Globalization;
using System.Net;
using System.Text.Json;
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

    [Fact]
    public async Task The_endpoint_serves_the_same_picture_as_json()
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

        foreach (var query in new[] { "interval=forever", "interval=0s", "interval=11s", "interval=1s&interval=2s" })
        {
            using var bad = await environment.Exporter.Http.GetAsync(new Uri("/topology?" + query, UriKind.Relative));
            Assert.True(bad.StatusCode == HttpStatusCode.BadRequest, query);
        }
    }

    /// <summary>The network namespace inode of a process, from the link /proc/PID/ns/net -> net:[INODE].</summary>
    private static ulong NetnsOf(string pid)
    {
        var target = new FileInfo($"/proc/{pid.Trim()}/ns/net").LinkTarget!;
        return ulong.Parse(target["net:[".Length..^1], CultureInfo.InvariantCulture);
    }
}
