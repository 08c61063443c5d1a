using System.Collections.Immutable;
using DockerNetExporter.Docker;
using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Namespaces;
using DockerNetExporter.Runtime;
using DockerNetExporter.Tests.Infrastructure;
using DockerNetExporter.Topology;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Namespaces;

/// <summary>
/// Fixtures/docker-host found from the kernel alone, as --docker.enabled=false finds it, and the
/// kernel's namespaces next to Docker's containers. Expected values are read off Fixtures/README.md.
/// </summary>
public sealed class KernelDiscoveryMappingTests : IDisposable
{
    private const ulong HostNetns = 4026531840;
    private const ulong WebNetns = 4026532001;
    private const ulong DbNetns = 4026532002;
    private const ulong ApiNetns = 4026532003;

    private readonly Pipeline pipeline = Pipeline.Over(Fixture);

    public void Dispose() => pipeline.Dispose();

    [Fact]
    public void Every_namespace_but_the_host_s_is_found_once_and_named_by_cgroup_or_process()
    {
        var scan = pipeline.Kernel.Scan(new HashSet<ulong> { HostNetns });

        // 1005 shares web's namespace and 1008 db's: the lowest pid stands for each. run/netns/leftover
        // is a file nothing is mounted on, as a deleted namespace leaves behind: no namespace.
        Assert.Equal(
            [
                (WebNetns, "a1a1a1a1a1a1", KernelNameSource.Cgroup, WebId),
                (DbNetns, "d8d8d8d8d8d8", KernelNameSource.Cgroup, DbId),
                (ApiNetns, "api-server", KernelNameSource.Process, null),
                (4026532006UL, "netns-4026532006", KernelNameSource.Process, null),
                (4026532007UL, "netns-4026532007", KernelNameSource.Process, null),
                (4026532009UL, "netns-4026532009", KernelNameSource.Process, (string?)null), // edge's, with no host veth: found, but nothing pairs
            ],
            scan.Namespaces.Select(n => (n.Inode, n.Name, n.NameSource, n.Id)));
        var web = scan.Namespaces[0];
        Assert.Equal(["eth0", "lo"], web.Interfaces.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.Equal(FixtureTree.Path(Fixture, "proc", "1001", "root", "sys", "class", "net", "eth0"), Assert.Single(web.Interfaces, i => i.Name == "eth0").Directory);
        Assert.Equal("172.17.0.1", web.Gateway); // from proc/1001/net/route: the fixture has no netlink to ask
    }

    [Fact]
    public void Without_Docker_each_veth_maps_to_its_namespace_and_bridge()
    {
        var snapshot = pipeline.Mapper.MapWithScan(Inventory([], []));

        // batch has only lo and cache's eth0 pairs with no veth (the trap): nothing to map, so not there.
        Assert.Equal(["a1a1a1a1a1a1", "api-server", "d8d8d8d8d8d8"], snapshot.Containers.Select(c => c.Name));
        Assert.Equal(
            [("a1a1a1a1a1a1", "eth0", "vethaaa", "docker0"), ("api-server", "eth0", "vethccc", "br-0123456789ab"), ("api-server", "eth1", "vethddd", "br-front"), ("d8d8d8d8d8d8", "eth0", "vethbbb", "br-0123456789ab")],
            snapshot.Containers.SelectMany(c => c.Interfaces.Select(l => (c.Name, l.Interface, l.Veth, l.Bridge))));
        Assert.All(snapshot.Containers, c => Assert.Null(c.Interfaces[0].Network)); // no Docker, no network names
        Assert.Equal(WebId, snapshot.Containers[0].Id);
        Assert.Null(snapshot.Containers[0].GatewayVerdict); // the host's addresses are unknown here, and no runtime to ask: no verdict
        Assert.Equal(1, Assert.Single(snapshot.Bridges, b => b.Name == "docker0").UnmappedPorts); // vethdead
    }

    [Fact]
    public void With_Docker_the_kernel_adds_only_the_namespaces_no_container_accounts_for()
    {
        // Docker knows web and sidecar (in web's namespace); db's and api's namespaces it does not know.
        var snapshot = pipeline.Mapper.MapWithScan(Inventory([Web, Sidecar], AllNetworks));

        Assert.Equal(
            [("api-server", NameSource.Process), ("d8d8d8d8d8d8", NameSource.Cgroup), ("sidecar", NameSource.Runtime), ("web", NameSource.Runtime)],
            snapshot.Containers.Select(c => (c.Name, c.NameSource)));
        Assert.Single(snapshot.Containers.SelectMany(c => c.Interfaces), l => l.Veth == "vethaaa");
    }

    [Fact]
    public void A_scan_kept_from_before_does_not_duplicate_a_namespace_Docker_now_accounts_for()
    {
        // A full sync before Docker knew web scans web's namespace in; the events after it keep that scan.
        pipeline.Mapper.MapWithScan(Inventory([], AllNetworks));

        var snapshot = pipeline.Mapper.Map(new MappingRequest(Inventory([Web], AllNetworks), SyncedAt, ReuseNamespaceReads: true, KernelScanUse.Last));

        Assert.Equal(["api-server", "d8d8d8d8d8d8", "web"], snapshot.Containers.Select(c => c.Name));
        Assert.Single(snapshot.Containers.SelectMany(c => c.Interfaces), l => l.Veth == "vethaaa");
    }

    [Fact]
    public void A_namespace_read_through_netlink_reads_mtu_and_operstate_on_its_veth_and_its_gateway_is_checked_against_the_bridge()
    {
        // As netlink lists them: no directory. web's eth0 (2, iflink 10) and db's (2, iflink 11): the same ifindex in two namespaces.
        var scan = new KernelScan(
            [
                new KernelNamespace(41, "/run/netns/a", "sleep", KernelNameSource.Process, null, [NetlinkInterface("eth0", 2, 10)], [new NetlinkAddress(2, "ipv4", "172.17.0.2")], "172.17.0.1"),
                new KernelNamespace(42, "/run/netns/b", "sleep", KernelNameSource.Process, null, [NetlinkInterface("eth0", 2, 11)], [], "10.9.9.9"),
            ],
            ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("docker0", ["172.17.0.1"]).Add("br-0123456789ab", ["172.18.0.1"]));

        // The kernel's word for these two, not the tree's: vethaaa leads to 41's eth0, vethbbb to 42's.
        var peers = new LinkPeers(new Dictionary<int, LinkPeer> { [10] = new(2, 41), [11] = new(2, 42) }, new HashSet<ulong> { 41, 42 });
        var snapshot = pipeline.JoinWithScan(Inventory([], AllNetworks), scan, peers);

        var first = Assert.Single(snapshot.Containers, c => c.Name == "sleep");
        var second = Assert.Single(snapshot.Containers, c => c.Name == "sleep-42");
        Assert.Equal(("vethaaa", "bridge"), (first.Interfaces[0].Veth, first.Interfaces[0].Network));
        Assert.Equal(first.Interfaces[0].VethDirectory, first.Interfaces[0].InterfaceDirectory);
        Assert.Equal(new IpAssignment("eth0", "bridge", "ipv4", "172.17.0.2", "02:42:ac:11:00:02"), Assert.Single(first.Addresses));
        Assert.Equal(new GatewayVerdict(GatewayLocation.Bridge, VerdictSource.Kernel), first.GatewayVerdict);
        Assert.Equal("vethbbb", second.Interfaces[0].Veth);
        Assert.Equal(new GatewayVerdict(GatewayLocation.BridgeSubnet, VerdictSource.Kernel), second.GatewayVerdict); // 10.9.9.9: no host interface holds it, and its only way out is its veth
    }

    [Theory]
    [InlineData("172.17.0.1", "Bridge")]     // docker0 holds the address web routes through
    [InlineData("172.17.0.254", "BridgeSubnet")] // docker0 was readdressed by hand: Docker's IPAM still says 172.17.0.1, which no host interface holds now
    public void With_the_host_s_addresses_at_hand_a_container_s_gateway_is_judged_by_its_bridge_s_own_address(string docker0Address, string webGateway)
    {
        var scan = new KernelScan([], ImmutableDictionary<string, ImmutableArray<string>>.Empty.Add("docker0", [docker0Address]));

        var snapshot = pipeline.JoinWithScan(Inventory([Web, Batch], AllNetworks), scan);

        var web = Assert.Single(snapshot.Containers, c => c.Name == "web");
        Assert.Equal("172.17.0.1", web.Gateway); // proc/1001/net/route
        Assert.Equal(new GatewayVerdict(Enum.Parse<GatewayLocation>(webGateway), VerdictSource.Kernel), web.GatewayVerdict);
        Assert.Null(Assert.Single(snapshot.Containers, c => c.Name == "batch").GatewayVerdict); // no default route
    }

    /// <summary>
    /// Where IPAM names no gateway (docker0 on Docker 20.10, backend's IPv6 subnet), the bridge's own
    /// address in the subnet, as the kernel shows it, is the gateway: before any container reports one,
    /// and for IPv6, which no endpoint's Gateway covers. An address of the bridge outside the subnet is not.
    /// </summary>
    [Fact]
    public void A_subnet_without_an_IPAM_gateway_takes_its_bridge_s_own_address()
    {
        var scan = new KernelScan([], ImmutableDictionary<string, ImmutableArray<string>>.Empty
            .Add("docker0", ["10.9.9.9", "172.17.0.1"])
            .Add("br-0123456789ab", ["172.18.0.1", "fe80::1", "fd00:db8:1::1"]));

        var snapshot = pipeline.JoinWithScan(Inventory([], AllNetworks), scan);

        var bridges = snapshot.Bridges.ToDictionary(b => b.Name, StringComparer.Ordinal);
        Assert.Equal([new BridgeSubnet("172.17.0.0/16", "172.17.0.1", 65533, 0)], bridges["docker0"].Subnets.ToArray());
        Assert.Equal("fd00:db8:1::1", bridges["br-0123456789ab"].Subnets.Single(s => s.Subnet == "fd00:db8:1::/64").Gateway);
    }

    [Fact]
    public void A_container_whose_namespace_the_mapper_refused_does_not_come_back_under_its_cgroup_s_name()
    {
        // Docker says web started an hour after its process did: its pid is not trusted (see TopologyMapperTests).
        var misdated = Web with { StartedAt = Web.StartedAt!.Value.AddHours(1) };

        var snapshot = pipeline.Mapper.MapWithScan(Inventory([misdated], AllNetworks));

        var web = Assert.Single(snapshot.Containers, c => c.Id == WebId);
        Assert.Equal(("web", (ulong?)null), (web.Name, web.Netns));
        Assert.DoesNotContain(snapshot.Containers, c => c.Name == "a1a1a1a1a1a1");
        Assert.Equal(["api-server", "d8d8d8d8d8d8", "web"], snapshot.Containers.Select(c => c.Name)); // the others are no Docker container's
    }

    /// <summary>Podman's network as its compatible API gives it: no bridge name, so br-ID, which does not exist.</summary>
    [Fact]
    public void A_network_whose_bridge_device_is_not_named_gets_the_bridge_its_containers_veths_are_on()
    {
        var podman = new RuntimeNetwork(BridgeNetworkId, "podman", "bridge", DockerModelConverter.DefaultBridgeName(BridgeNetworkId), [new RuntimeSubnet("172.17.0.0/16", "172.17.0.1")]);
        var web = Web with { Endpoints = [Web.Endpoints[0] with { Network = "podman" }] };

        var snapshot = pipeline.Mapper.MapContainers(Inventory([web], [podman]));

        var bridge = Assert.Single(snapshot.Bridges, b => b.Name == "docker0");
        Assert.Equal(("podman", BridgeNetworkId), (bridge.Network, bridge.NetworkId));
        Assert.Equal(1, Assert.Single(bridge.Subnets).Assigned);
        Assert.Equal("podman", Assert.Single(Assert.Single(snapshot.Containers).Interfaces).Network);
    }

    private static NetInterface NetlinkInterface(string name, int ifIndex, int ifLink) =>
        new(name, "", ifIndex, ifLink, ifLink == 10 ? "02:42:ac:11:00:02" : "02:42:ac:12:00:02", null, [], false, false);
}
