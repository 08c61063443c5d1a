using DockerNetExporter.IntegrationTests.Infrastructure;

namespace DockerNetExporter.IntegrationTests;

/// <summary>
/// One container per network mode, each checked against the kernel (read by the test itself through
/// docker exec and /sys) and against docker inspect.
/// </summary>
[Collection(DockerCollection.Name)]
[Trait(EngineTrait.Name, EngineTrait.AnyDocker)]
public sealed class NetworkModeTests(DockerEnvironment environment)
{
    private const string ReceiveBytes = "dockernet_container_receive_bytes_total";

    private DockerCli Docker => environment.Docker;

    [Fact]
    public async Task Default_bridge_container_is_mapped_to_its_veth_on_the_default_bridge_with_ip_and_gateway()
    {
        var name = Docker.Name("default");
        var id = await Docker.StartContainerAsync(name, []);

        var series = await environment.WaitForSampleAsync(ReceiveBytes, s => s["container"] == name, $"series of {name}");
        var veth = await Docker.HostVethOfAsync(name, "eth0");
        Assert.Equal("eth0", series["interface"]);
        Assert.Equal(veth, series["veth"]);
        Assert.Equal(HostKernel.Master(veth), series["bridge"]);
        var defaultBridge = await Docker.DefaultBridgeAsync();
        Assert.Equal(defaultBridge, series["bridge"]);
        Assert.Equal("bridge", series["network"]);

        var samples = await environment.Exporter.ScrapeAsync();
        var ip = Assert.Single(samples, s => s.Name == "dockernet_container_ip_info" && s["container"] == name);
        Assert.Equal(await Docker.InspectAsync(name, "{{.NetworkSettings.Networks.bridge.IPAddress}}"), ip["ip"]);
        Assert.Equal(await Docker.InspectAsync(name, "{{.NetworkSettings.Networks.bridge.MacAddress}}"), ip["mac"]);
        Assert.Equal(await Docker.ExecAsync(name, "cat", "/sys/class/net/eth0/address"), ip["mac"]);
        Assert.Equal(("eth0", "bridge", "ipv4"), (ip["interface"], ip["network"], ip["family"]));

        var info = Assert.Single(samples, s => s.Name == "dockernet_container_info" && s["container"] == name);
        Assert.Equal(id[..12], info["container_id"]);
        Assert.Equal(DockerCli.Image, info["image"]);
        // Docker 20.10 says "default" here, Docker 26 "bridge": served as "bridge" from either.
        Assert.Contains(await Docker.InspectAsync(name, "{{.HostConfig.NetworkMode}}"), new[] { "default", "bridge" });
        Assert.Equal("bridge", info["network_mode"]);

        // The container's default gateway (its own routing table) is the bridge's address, as the exporter reports it.
        var route = await Docker.ExecAsync(name, "ip", "route", "show", "default");
        var bridge = Assert.Single(samples, s => s.Name == "dockernet_bridge_info" && s["bridge"] == defaultBridge);
        Assert.Equal(route.Split(' ')[2], bridge["gateway"]);
        Assert.Equal(await Docker.RunAsync("network", "inspect", "--format", "{{range .IPAM.Config}}{{.Subnet}}{{end}}", "bridge"), bridge["subnet"]);
    }

    [Fact]
    public async Task User_defined_bridge_is_named_br_and_the_network_id()
    {
        var network = Docker.Name("net");
        var networkId = await Docker.CreateNetworkAsync(network);
        var name = Docker.Name("user");
        await Docker.StartContainerAsync(name, ["--network", network]);

        var series = await environment.WaitForSampleAsync(ReceiveBytes, s => s["container"] == name, $"series of {name}");
        var veth = await Docker.HostVethOfAsync(name, "eth0");
        Assert.Equal(veth, series["veth"]);
        Assert.Equal("br-" + networkId[..12], series["bridge"]);
        Assert.Equal(HostKernel.Master(veth), series["bridge"]);
        Assert.Equal(network, series["network"]);

        var samples = await environment.Exporter.ScrapeAsync();
        var bridge = Assert.Single(samples, s => s.Name == "dockernet_bridge_info" && s["network"] == network);
        Assert.Equal(networkId, bridge["network_id"]);
        Assert.Equal(await Docker.RunAsync("network", "inspect", "--format", "{{range .IPAM.Config}}{{.Subnet}}{{end}}", network), bridge["subnet"]);
        Assert.Equal(await Docker.RunAsync("network", "inspect", "--format", "{{range .IPAM.Config}}{{.Gateway}}{{end}}", network), bridge["gateway"]);
        var ports = Assert.Single(samples, s => s.Name == "dockernet_bridge_ports" && s["network"] == network);
        Assert.Equal(Directory.GetFileSystemEntries($"/sys/class/net/{series["bridge"]}/brif").Length, ports.Value);
        var unmapped = Assert.Single(samples, s => s.Name == "dockernet_topology_unmapped_veths" && s["bridge"] == series["bridge"]);
        Assert.Equal(0, unmapped.Value);
    }

    /// <summary>
    /// A /29 holds 8 addresses; less network, broadcast and gateway, 5 are left for containers. The
    /// subnet lies outside Docker's default pools (172.17-31/16, 192.168/16), which the networks
    /// of other tests fill, so it never overlaps one; no traffic leaves these containers. Made with
    /// --subnet alone, its IPAM names no gateway, but the bridge holds .1 all the same: the capacity
    /// is 5 before any container joins (it was 6 until one did).
    /// </summary>
    [Fact]
    public async Task A_subnet_filled_to_its_last_address_shows_its_capacity_exhausted()
    {
        var network = Docker.Name("small");
        await Docker.RunAsync("network", "create", "--label", $"dockernet.test.run={Docker.RunId}", "--subnet", "10.254.250.0/29", network);
        var empty = await environment.WaitForSampleAsync(
            "dockernet_network_addresses_capacity", s => s["network"] == network, $"the capacity of {network}, no container on it yet");
        Assert.Equal(5, empty.Value);
        for (var i = 0; i < 5; i++)
        {
            await Docker.StartContainerAsync(Docker.Name($"small-{i}"), ["--network", network]);
        }

        var assigned = await environment.WaitForSampleAsync(
            "dockernet_network_addresses_assigned", s => s["network"] == network && s.Value == 5, $"5 addresses assigned on {network}");
        Assert.Equal("10.254.250.0/29", assigned["subnet"]);
        var capacity = Assert.Single(await environment.Exporter.ScrapeAsync(), s => s.Name == "dockernet_network_addresses_capacity" && s["network"] == network);
        Assert.Equal(5, capacity.Value);

        // Docker agrees that the subnet is full.
        var sixth = await Shell.RunAsync(DockerCli.Executable, ["run", "-d", "--name", Docker.Name("small-6"), "--label", $"dockernet.test.run={Docker.RunId}", "--network", network, DockerCli.Image, "sleep", "600"]);
        Assert.NotEqual(0, sixth.ExitCode);
    }

    /// <summary>
    /// Containers get addresses from --ip-range only: a /25 of a /24, whose first address Docker gives
    /// the bridge (as the kernel shows) and whose last is the subnet's broadcast; 126 are left.
    /// </summary>
    [Fact]
    public async Task An_IPRange_bounds_the_capacity()
    {
        var network = Docker.Name("ranged");
        await Docker.RunAsync(
            "network", "create", "--label", $"dockernet.test.run={Docker.RunId}", "--subnet", "10.254.248.0/24", "--ip-range", "10.254.248.128/25", network);

        var capacity = await environment.WaitForSampleAsync("dockernet_network_addresses_capacity", s => s["network"] == network, $"the capacity of {network}");

        Assert.Equal(126, capacity.Value);
    }

    [Fact]
    public async Task Container_on_two_networks_has_two_interfaces_on_two_veths()
    {
        var first = Docker.Name("first");
        var second = Docker.Name("second");
        await Docker.CreateNetworkAsync(first);
        await Docker.CreateNetworkAsync(second);
        var name = Docker.Name("two");
        await Docker.StartContainerAsync(name, ["--network", first]);
        await Docker.RunAsync("network", "connect", second, name);

        // eth1 appears through the network connect event, with no resync.
        var eth1 = await environment.WaitForSampleAsync(ReceiveBytes, s => s["container"] == name && s["interface"] == "eth1", $"eth1 of {name}");
        var eth0 = Assert.Single(await environment.Exporter.ScrapeAsync(), s => s.Name == ReceiveBytes && s["container"] == name && s["interface"] == "eth0");
        Assert.Equal(await Docker.HostVethOfAsync(name, "eth0"), eth0["veth"]);
        Assert.Equal(await Docker.HostVethOfAsync(name, "eth1"), eth1["veth"]);
        Assert.Equal((first, second), (eth0["network"], eth1["network"]));
        Assert.Equal(HostKernel.Master(eth0["veth"]), eth0["bridge"]);
        Assert.Equal(HostKernel.Master(eth1["veth"]), eth1["bridge"]);
        Assert.NotEqual(eth0["bridge"], eth1["bridge"]);

        var secondIp = await Docker.InspectAsync(name, $"{{{{(index .NetworkSettings.Networks \"{second}\").IPAddress}}}}");
        var addresses = (await environment.Exporter.ScrapeAsync()).Where(s => s.Name == "dockernet_container_ip_info" && s["container"] == name).ToList();
        Assert.Equal(2, addresses.Count);
        Assert.Contains(addresses, a => a["interface"] == "eth1" && a["network"] == second && a["ip"] == secondIp);
    }

    [Fact]
    public async Task Host_mode_container_has_no_interface_of_its_own()
    {
        var name = Docker.Name("host");
        await Docker.StartContainerAsync(name, ["--network", "host"]);

        var info = await environment.WaitForSampleAsync("dockernet_container_info", s => s["container"] == name, $"info of {name}");
        Assert.Equal("host", info["network_mode"]);
        var hostNetns = new FileInfo("/proc/self/ns/net").LinkTarget!;
        Assert.Equal(hostNetns, $"net:[{info["netns"]}]");
        var samples = await environment.Exporter.ScrapeAsync();
        Assert.DoesNotContain(samples, s => s["container"] == name && s.Name is not "dockernet_container_info");
    }

    [Fact]
    public async Task None_mode_container_is_listed_without_interfaces()
    {
        var name = Docker.Name("none");
        await Docker.StartContainerAsync(name, ["--network", "none"]);

        var info = await environment.WaitForSampleAsync("dockernet_container_info", s => s["container"] == name, $"info of {name}");
        Assert.Equal("none", info["network_mode"]);
        var samples = await environment.Exporter.ScrapeAsync();
        Assert.DoesNotContain(samples, s => s["container"] == name && s.Name is not "dockernet_container_info");
    }

    [Fact]
    public async Task Container_mode_shares_the_owner_namespace_and_is_counted_once()
    {
        var owner = Docker.Name("owner");
        var joined = Docker.Name("joined");
        var ownerId = await Docker.StartContainerAsync(owner, []);
        await Docker.StartContainerAsync(joined, ["--network", $"container:{owner}"]);

        var joinedInfo = await environment.WaitForSampleAsync("dockernet_container_info", s => s["container"] == joined, $"info of {joined}");
        var samples = await environment.Exporter.ScrapeAsync();
        var ownerInfo = Assert.Single(samples, s => s.Name == "dockernet_container_info" && s["container"] == owner);
        Assert.Equal(ownerInfo["netns"], joinedInfo["netns"]);
        // Docker keeps the owner's 64-hex id; the label names it as a reader knows it.
        Assert.Equal($"container:{ownerId}", await Docker.InspectAsync(joined, "{{.HostConfig.NetworkMode}}"));
        Assert.Equal($"container:{owner}", joinedInfo["network_mode"]);

        var veth = await Docker.HostVethOfAsync(owner, "eth0");
        var series = Assert.Single(samples, s => s.Name == ReceiveBytes && s["veth"] == veth);
        Assert.Equal(owner, series["container"]);
        Assert.DoesNotContain(samples, s => s["container"] == joined && s.Name is not "dockernet_container_info");
    }

    [Fact]
    public async Task Stopped_container_has_no_series()
    {
        var name = Docker.Name("stopped");
        await Docker.StartContainerAsync(name, []);
        await environment.WaitForSampleAsync("dockernet_container_info", s => s["container"] == name, $"info of {name}");

        await Docker.RunAsync("stop", "--time", "1", name);
        await environment.WaitForNoSampleAsync(s => s["container"] == name, $"every series of {name} removed after stop");
    }
}
