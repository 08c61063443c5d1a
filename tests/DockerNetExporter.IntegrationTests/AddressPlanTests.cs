using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// The address plan as the kernel and Docker have it: the default gateway in the container's own
/// routing table against the address Docker gave its network's bridge, and addresses that change
/// under a container's name. The subnets 10.254.253.0/29 and 10.254.254.0/29 are outside Docker's
/// default pools and the ones other tests use; no packet is sent.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait(EngineTrait.Name, EngineTrait.AnyDocker)]
public sealed class AddressPlanTests(DockerEnvironment environment)
{
    private const string GatewayIsBridge = "dockernet_container_gateway_is_bridge";

    private DockerCli Docker => environment.Docker;

    [Fact]
    public async Task A_default_route_moved_off_the_bridge_shows_at_the_next_resync()
    {
        // A resync every second: a route changed inside a container raises no Docker event.
        await using var exporter = await RunningExporter.StartAsync(DockerEnvironment.DockerHost, resyncInterval: TimeSpan.FromSeconds(1));
        var network = Docker.Name("gateway-net");
        await Docker.RunAsync("network", "create", "--label", $"dockernet.test.run={Docker.RunId}", "--subnet", "10.254.253.0/29", network);
        var name = Docker.Name("gateway");
        await Docker.StartContainerAsync(name, ["--network", network, "--cap-add", "NET_ADMIN"]);

        var onBridge = await DockerEnvironment.WaitForSampleAsync(exporter, GatewayIsBridge, s => s["container"] == name, $"the gateway of {name}");
        Assert.Equal(await Docker.InspectAsync(name, $"{{{{(index .NetworkSettings.Networks \"{network}\").Gateway}}}}"), onBridge["gateway"]);
        Assert.Equal("10.254.253.1", onBridge["gateway"]);
        Assert.Equal(1, onBridge.Value);

        await Docker.ExecAsync(name, "ip", "route", "replace", "default", "via", "10.254.253.6", "dev", "eth0");

        var moved = await DockerEnvironment.WaitForSampleAsync(
            exporter, GatewayIsBridge, s => s["container"] == name && s["gateway"] == "10.254.253.6", $"the moved gateway of {name}");
        Assert.Equal(0, moved.Value);
        Assert.Single(await exporter.ScrapeAsync(), s => s.Name == GatewayIsBridge && s["container"] == name);
    }

    [Fact]
    public async Task A_container_reconnected_with_another_address_counts_a_change()
    {
        const string Changes = "dockernet_container_address_changes_total";
        var network = Docker.Name("readdress-net");
        await Docker.RunAsync("network", "create", "--label", $"dockernet.test.run={Docker.RunId}", "--subnet", "10.254.254.0/29", network);
        var name = Docker.Name("readdress");
        await Docker.StartContainerAsync(name, ["--network", network, "--ip", "10.254.254.2"]);
        await environment.WaitForSampleAsync(Changes, s => s["container"] == name && s.Value == 0, $"{name} with its first address");

        await Docker.RunAsync("network", "disconnect", network, name);
        await Docker.RunAsync("network", "connect", "--ip", "10.254.254.3", network, name);

        await environment.WaitForSampleAsync(Changes, s => s["container"] == name && s.Value == 1, $"{name} back with another address");
        var ip = await environment.WaitForSampleAsync("dockernet_container_ip_info", s => s["container"] == name && s["ip"] == "10.254.254.3", $"the new address of {name}");
        Assert.Equal(network, ip["network"]);
    }
}
