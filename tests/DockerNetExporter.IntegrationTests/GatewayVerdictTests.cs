using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// Where a gateway is, by what the host holds, on a macvlan network whose parent is a bridge of the
/// test's own (never the host's uplink), beside a bridge network: a macvlan-only container's gateway
/// is outside the host and no alert fires for it; a container on both that routes through its bridge
/// has its bridge; once the host is given the macvlan's gateway address, that gateway is the host's,
/// and DockerNetGatewayNotBridge fires. A real Prometheus evaluates the repository's rules (their
/// "for" set to 0s). No packet is sent; the subnets are outside Docker's pools and other tests'.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait(EngineTrait.Name, EngineTrait.AnyDocker)]
public sealed class GatewayVerdictTests(DockerEnvironment environment)
{
    private const string MacvlanGateway = "10.233.0.1";
    private const string BridgeGateway = "10.234.0.1";

    private DockerCli Docker => environment.Docker;

    [Fact]
    public async Task A_macvlan_gateway_is_outside_the_host_until_the_host_holds_it()
    {
        await using var parent = await TestBridge.CreateAsync("dngw" + Docker.RunId[..6]);
        try
        {
            // A resync every second: an address given to the host raises no Docker event.
            await using var exporter = await RunningExporter.StartAsync(DockerEnvironment.DockerHost, resyncInterval: TimeSpan.FromSeconds(1));
            await using var prometheus = await PrometheusServer.StartAsync(exporter.BaseAddress);
            var lan = Docker.Name("gw-macvlan");
            var bridged = Docker.Name("gw-bridge");
            await Docker.CreateNetworkAsync(lan, "--driver", "macvlan", "-o", $"parent={parent.Name}", "--subnet", "10.233.0.0/24", "--gateway", MacvlanGateway);
            await Docker.CreateNetworkAsync(bridged, "--subnet", "10.234.0.0/24", "--gateway", BridgeGateway);
            var lanOnly = Docker.Name("gw-lan-only");
            var both = Docker.Name("gw-both");
            await Docker.StartContainerAsync(lanOnly, ["--network", lan]);
            await Docker.StartContainerAsync(both, ["--network", bridged, "--cap-add", "NET_ADMIN"]);
            await Docker.RunAsync("network", "connect", lan, both);
            await Docker.ExecAsync(both, "ip", "route", "replace", "default", "via", BridgeGateway, "dev", "eth0");
            Assert.Contains($"default via {MacvlanGateway} ", await Docker.ExecAsync(lanOnly, "ip", "route", "show", "default"), StringComparison.Ordinal);

            var outside = await GatewayInfoAsync(exporter, lanOnly, MacvlanGateway, "outside");
            var bridge = await GatewayInfoAsync(exporter, both, BridgeGateway, "bridge");
            var scraped = await exporter.ScrapeAsync();
            Assert.Equal(("kernel", "kernel"), (outside["source"], bridge["source"]));
            Assert.DoesNotContain(scraped, s => s.Name == "dockernet_container_gateway_is_bridge" && s["container"] == lanOnly);
            Assert.Equal(1, Assert.Single(scraped, s => s.Name == "dockernet_container_gateway_is_bridge" && s["container"] == both).Value);
            Assert.Equal("outside", NetworkGatewayLocation(scraped, lan));
            Assert.Equal("bridge", NetworkGatewayLocation(scraped, bridged));

            // Prometheus has the outside verdict, and has evaluated the rules since: no alert for either container.
            await Eventually.WaitForAsync(
                async () => (await prometheus.QueryAsync($"dockernet_container_gateway_info{{container=\"{lanOnly}\",location=\"outside\"}}")).Count == 1 ? "scraped" : null,
                TimeSpan.FromSeconds(30),
                $"Prometheus to scrape the gateway of {lanOnly}");
            await Task.Delay(TimeSpan.FromSeconds(3));
            Assert.Empty(await prometheus.QueryAsync($"ALERTS{{alertname=\"DockerNetGatewayNotBridge\",container=~\"{lanOnly}|{both}\"}}"));

            await Shell.CheckedAsync("ip", "address", "add", MacvlanGateway + "/32", "dev", parent.Name);

            var held = await GatewayInfoAsync(exporter, lanOnly, MacvlanGateway, "host");
            scraped = await exporter.ScrapeAsync();
            Assert.Equal("kernel", held["source"]);
            Assert.Equal(0, Assert.Single(scraped, s => s.Name == "dockernet_container_gateway_is_bridge" && s["container"] == lanOnly).Value);
            Assert.Equal("host", NetworkGatewayLocation(scraped, lan));
            Assert.Equal(1, Assert.Single(scraped, s => s.Name == "dockernet_container_gateway_is_bridge" && s["container"] == both).Value);
            var alert = await Eventually.WaitForAsync(
                async () => (await prometheus.QueryAsync($"ALERTS{{alertname=\"DockerNetGatewayNotBridge\",alertstate=\"firing\",container=~\"{lanOnly}|{both}\"}}")).SingleOrDefault(),
                TimeSpan.FromSeconds(30),
                $"DockerNetGatewayNotBridge for {lanOnly}");
            Assert.Equal((lanOnly, MacvlanGateway), (alert["container"], alert["gateway"]));
        }
        finally
        {
            // Before the parent bridge goes.
            await Docker.RemoveAsync("gw-");
        }
    }

    private static Task<Sample> GatewayInfoAsync(RunningExporter exporter, string container, string gateway, string location) =>
        DockerEnvironment.WaitForSampleAsync(
            exporter,
            "dockernet_container_gateway_info",
            s => s["container"] == container && s["gateway"] == gateway && s["location"] == location,
            $"the gateway {gateway} of {container} at {location}");

    private static string NetworkGatewayLocation(IEnumerable<Sample> scraped, string network) =>
        Assert.Single(scraped, s => s.Name == "dockernet_network_gateway_info" && s["network"] == network)["location"];
}
