using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Runtime;
using DockerNetExporter.Tests.Infrastructure;
using DockerNetExporter.Topology;
using Microsoft.Extensions.Logging;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Topology;

/// <summary>
/// The mapper over Fixtures/docker-host and the inventory in <see cref="DockerHostScenario"/>. Every
/// expected value is read off the fixture (see Fixtures/README.md), not computed.
/// </summary>
public sealed class TopologyMapperTests
{
    private readonly ReadErrors readErrors = new();

    private static string HostNetClass(string treeRoot, string name) => Path.Combine(treeRoot, "sys", "class", "net", name);

    private static ContainerNode Container(TopologySnapshot snapshot, string name) => Assert.Single(snapshot.Containers, c => c.Name == name);

    private static VethLink Link(ContainerNode container, string netInterface) => Assert.Single(container.Interfaces, l => l.Interface == netInterface);

    private TopologySnapshot Map(RuntimeInventory inventory, string? treeRoot = null, ILogger<NetClassReader>? netClassLogger = null)
    {
        treeRoot ??= FixtureTree.Path(Fixture);
        var paths = new KernelPaths(Path.Combine(treeRoot, "sys"), Path.Combine(treeRoot, "proc"));
        return Mappers.Over(paths, readErrors, netClassLogger).MapContainers(inventory);
    }

    [Fact]
    public void Equal_container_ifindexes_map_to_different_veths_by_iflink()
    {
        // web and db both have eth0 with ifindex 2, each in its own namespace.
        var snapshot = Map(Inventory());

        var web = Link(Container(snapshot, "web"), "eth0");
        Assert.Equal(("vethaaa", 10, "docker0", "bridge"), (web.Veth, web.VethIfIndex, web.Bridge, web.Network));
        Assert.Equal(HostNetClass(FixtureTree.Path(Fixture), "vethaaa"), web.VethDirectory);
        Assert.Equal(FixtureTree.Path(Fixture, "proc", "1001", "root", "sys", "class", "net", "eth0"), web.InterfaceDirectory);
        Assert.Equal("02:42:ac:11:00:02", web.MacAddress);

        var db = Link(Container(snapshot, "db"), "eth0");
        Assert.Equal(("vethbbb", 11, "br-0123456789ab", "backend"), (db.Veth, db.VethIfIndex, db.Bridge, db.Network));
        Assert.Equal(HostNetClass(FixtureTree.Path(Fixture), "vethbbb"), db.VethDirectory);
    }

    [Fact]
    public void A_host_interface_that_does_not_point_back_is_not_mapped()
    {
        // cache's eth0: ifindex 7, iflink 12. Host ifindex 12 is vethttt, whose iflink is 2, not 7.
        var snapshot = Map(Inventory());

        Assert.Empty(Container(snapshot, "cache").Interfaces);
        Assert.DoesNotContain(snapshot.Containers.SelectMany(c => c.Interfaces), l => l.Veth == "vethttt");
    }

    [Fact]
    public void Lo_is_never_mapped()
    {
        var snapshot = Map(Inventory());

        Assert.DoesNotContain(snapshot.Containers.SelectMany(c => c.Interfaces), l => l.Interface == "lo" || l.Veth == "lo");
    }

    [Fact]
    public void Host_mode_has_no_interfaces_though_its_root_shows_the_hosts()
    {
        var snapshot = Map(Inventory());

        var monitor = Container(snapshot, "monitor");
        Assert.Empty(monitor.Interfaces);
        Assert.Equal(4026531840UL, monitor.Netns);
        Assert.Equal("host", monitor.NetworkMode);
    }

    [Fact]
    public void A_container_in_the_hosts_namespace_has_no_interfaces_whatever_its_mode_says()
    {
        // Same process (1004, netns = /proc/1/ns/net), but a NetworkMode that is not "host".
        var inventory = Inventory([DockerHostScenario.Monitor with { NetworkMode = "default" }]);

        Assert.Empty(Assert.Single(Map(inventory).Containers).Interfaces);
    }

    [Fact]
    public void Container_mode_has_no_interfaces_and_shares_its_owners_netns()
    {
        var snapshot = Map(Inventory());

        var sidecar = Container(snapshot, "sidecar");
        Assert.Empty(sidecar.Interfaces);
        Assert.Equal(4026532001UL, sidecar.Netns);
        Assert.Equal(4026532001UL, Container(snapshot, "web").Netns);

        // The shared veth is counted once, under web.
        var owners = snapshot.Containers.Where(c => c.Interfaces.Any(l => l.Veth == "vethaaa")).Select(c => c.Name);
        Assert.Equal(["web"], owners);
    }

    [Fact]
    public void None_mode_has_only_lo_and_so_nothing()
    {
        var batch = Container(Map(Inventory()), "batch");

        Assert.Empty(batch.Interfaces);
        Assert.Empty(batch.Addresses);
        Assert.Equal(4026532006UL, batch.Netns);
    }

    [Fact]
    public void Two_networks_give_two_links_with_their_bridges_and_networks()
    {
        var api = Container(Map(Inventory()), "api");

        Assert.Equal(2, api.Interfaces.Length);
        var eth0 = Link(api, "eth0");
        Assert.Equal(("vethccc", 13, "br-0123456789ab", "backend", "02:42:ac:12:00:03"), (eth0.Veth, eth0.VethIfIndex, eth0.Bridge, eth0.Network, eth0.MacAddress));
        var eth1 = Link(api, "eth1");
        Assert.Equal(("vethddd", 14, "br-front", "frontend", "02:42:ac:13:00:02"), (eth1.Veth, eth1.VethIfIndex, eth1.Bridge, eth1.Network, eth1.MacAddress));
    }

    [Fact]
    public void Every_veth_is_mapped_at_most_once()
    {
        var veths = Map(Inventory()).Containers.SelectMany(c => c.Interfaces).Select(l => l.Veth).Order(StringComparer.Ordinal);

        Assert.Equal(["vethaaa", "vethbbb", "vethccc", "vethddd"], veths);
    }

    [Fact]
    public void The_bridge_names_the_network_even_without_a_matching_endpoint()
    {
        // Docker's answer lists no endpoint (say, inspected mid-connect): the bridge still names the network.
        var inventory = Inventory([Web with { Endpoints = [] }, Db with { Endpoints = [] }]);

        var snapshot = Map(inventory);

        Assert.Equal("bridge", Link(Container(snapshot, "web"), "eth0").Network);
        Assert.Equal("backend", Link(Container(snapshot, "db"), "eth0").Network);
    }

    [Fact]
    public void Without_the_network_of_a_bridge_the_endpoint_with_the_same_MAC_names_it()
    {
        // frontend is not in the inventory (say, created after the last network listing).
        var inventory = Inventory([Api], [Bridge, Backend]);

        var eth1 = Link(Assert.Single(Map(inventory).Containers), "eth1");

        Assert.Equal(("br-front", "frontend"), (eth1.Bridge, eth1.Network));
    }

    [Fact]
    public void A_bridge_of_no_Docker_network_is_still_a_bridge_node_without_network()
    {
        var snapshot = Map(Inventory([Api], [Bridge, Backend]));

        var front = Assert.Single(snapshot.Bridges, b => b.Name == "br-front");
        Assert.Equal(((string?)null, (string?)null, (string?)null, 5, 1, 0), (front.Network, front.NetworkId, front.Driver, front.IfIndex, front.Ports, front.UnmappedPorts));
        Assert.Empty(front.Subnets);
    }

    [Fact]
    public void Ip_assignments_name_the_interface_with_the_endpoints_MAC()
    {
        var snapshot = Map(Inventory());

        Assert.Equal(
            [
                new IpAssignment("eth0", "backend", "ipv4", "172.18.0.3", "02:42:ac:12:00:03"),
                new IpAssignment("eth1", "frontend", "ipv4", "172.19.0.2", "02:42:ac:13:00:02"),
            ],
            Container(snapshot, "api").Addresses.ToArray());
        Assert.Equal(
            [
                new IpAssignment("eth0", "backend", "ipv4", "172.18.0.2", "02:42:ac:12:00:02"),
                new IpAssignment("eth0", "backend", "ipv6", "fd00:db8:1::2", "02:42:ac:12:00:02"),
            ],
            Container(snapshot, "db").Addresses.ToArray());

        // cache's eth0 has no host peer, but Docker's endpoint still has its MAC.
        Assert.Equal([new IpAssignment("eth0", "bridge", "ipv4", "172.17.0.4", "02:42:ac:11:00:04")], Container(snapshot, "cache").Addresses.ToArray());
        Assert.Empty(Container(snapshot, "monitor").Addresses);
        Assert.Empty(Container(snapshot, "sidecar").Addresses);
    }

    [Fact]
    public void Bridges_are_ordered_and_count_their_ports_and_unmapped_ports()
    {
        var bridges = Map(Inventory()).Bridges;

        Assert.Equal(
            [
                ("br-0123456789ab", 4, "backend", BackendNetworkId, "bridge", 2, 0),
                ("br-front", 5, "frontend", FrontendNetworkId, "bridge", 1, 0),
                ("docker0", 3, "bridge", BridgeNetworkId, "bridge", 2, 1), // vethdead: no container
            ],
            bridges.Select(b => (b.Name, b.IfIndex, b.Network, b.NetworkId, b.Driver, b.Ports, b.UnmappedPorts)).ToArray());
        Assert.Equal(HostNetClass(FixtureTree.Path(Fixture), "docker0"), bridges[2].Directory);
    }

    [Fact]
    public void A_stopped_containers_veth_left_on_the_bridge_is_unmapped()
    {
        // Without web, vethaaa is one more port on docker0 that no running container accounts for.
        var docker0 = Assert.Single(Map(Inventory(AllContainers.Where(c => c.Name != "web"))).Bridges, b => b.Name == "docker0");

        Assert.Equal((2, 2), (docker0.Ports, docker0.UnmappedPorts));
    }

    [Fact]
    public void Subnets_keep_their_gateway_and_a_missing_IPv4_gateway_comes_from_the_endpoints()
    {
        var bridges = Map(Inventory()).Bridges.ToDictionary(b => b.Name, StringComparer.Ordinal);

        // Docker 20.10 leaves the default bridge's gateway out; web and cache report 172.17.0.1.
        // Capacity: a /16 holds 65536 addresses, less network, broadcast and gateway; a /64 holds 2^64.
        // Assigned: web 172.17.0.2 and cache 172.17.0.4; db .2 and api .3 on backend (db also fd00:db8:1::2); api 172.19.0.2.
        Assert.Equal([new BridgeSubnet("172.17.0.0/16", "172.17.0.1", 65533, 2)], bridges["docker0"].Subnets.ToArray());

        // An IPv6 subnet without gateway stays without: endpoints' Gateway is IPv4.
        Assert.Equal(
            [new BridgeSubnet("172.18.0.0/16", "172.18.0.1", 65533, 2), new BridgeSubnet("fd00:db8:1::/64", null, 18446744073709551616d, 1)],
            bridges["br-0123456789ab"].Subnets.ToArray());
        Assert.Equal([new BridgeSubnet("172.19.0.0/16", "172.19.0.1", 65533, 1)], bridges["br-front"].Subnets.ToArray());
    }

    [Fact]
    public void A_missing_gateway_stays_unknown_when_no_endpoint_reports_one()
    {
        var snapshot = Map(Inventory([Db, Api]));

        var docker0 = Assert.Single(snapshot.Bridges, b => b.Name == "docker0");
        // No gateway known, but a bridge network's bridge takes one address all the same, so the
        // capacity does not wait for a container to name it: 65536 less network, broadcast and the bridge's.
        Assert.Equal([new BridgeSubnet("172.17.0.0/16", null, 65533, 0)], docker0.Subnets.ToArray());
    }

    [Fact]
    public void Containers_are_ordered_by_name_and_carry_Dockers_description()
    {
        var snapshot = Map(Inventory());

        Assert.Equal(["api", "batch", "cache", "db", "monitor", "sidecar", "web"], snapshot.Containers.Select(c => c.Name));
        var db = Container(snapshot, "db");
        Assert.Equal((DbId, "d8d8d8d8d8d8", "postgres:16", "backend", 4026532002UL, "shop", "db"), (db.Id, db.ShortId, db.Image, db.NetworkMode, db.Netns, db.ComposeProject, db.ComposeService));
        Assert.Equal(SyncedAt, snapshot.SyncedAt);
    }

    [Fact]
    public void The_whole_scenario_reads_without_a_discovery_error()
    {
        Map(Inventory());

        Assert.Equal(0, readErrors.DiscoveryCount);
    }

    [Fact]
    public void An_unreadable_netns_counts_an_error_and_maps_nothing()
    {
        var gone = new RuntimeContainer("0ne0ne0ne0ne0ne", "gone", "alpine", 4242, SyncedAt.AddHours(-1), "bridge", "", "", []);

        var node = Assert.Single(Map(Inventory([gone])).Containers);

        Assert.Null(node.Netns);
        Assert.Empty(node.Interfaces);
        Assert.Equal(1, readErrors.DiscoveryCount);
    }

    /// <summary>
    /// Without the host's namespace, host mode maps nothing, and neither does any other container:
    /// the kernel cannot be asked, from a namespace not known, where the host's veths lead.
    /// </summary>
    [Fact]
    public void Without_the_hosts_netns_host_mode_still_maps_nothing_and_no_pairing_is_proven()
    {
        using var tree = TempTree.CopyOf(Fixture);
        File.Delete(tree.Path("proc", "1", "ns", "net"));
        File.Delete(tree.Path("proc", "self", "ns", "net"));

        var snapshot = Map(Inventory(), tree.Root);

        Assert.Empty(Container(snapshot, "monitor").Interfaces);
        Assert.Empty(Container(snapshot, "web").Interfaces);
        Assert.Equal(4026532001UL, Container(snapshot, "web").Netns);
        Assert.Equal(2, readErrors.DiscoveryCount); // the host's namespace, then the kernel's word on the veths
    }

    /// <summary>
    /// After events, a container whose networking Docker reports unchanged keeps what the last
    /// mapping read in its namespace; a container that changed, and every container at a full
    /// resync, is read again. Here web's eth0 is taken away behind Docker's back.
    /// </summary>
    [Fact]
    public void Namespace_reads_are_reused_for_unchanged_containers_only_when_asked()
    {
        using var tree = TempTree.CopyOf(Fixture);
        var paths = new KernelPaths(tree.Path("sys"), tree.Path("proc"));
        var mapper = Mappers.Over(paths, readErrors);
        Assert.Single(Container(mapper.MapContainers(Inventory()), "web").Interfaces);

        Directory.Delete(tree.Path("containers", "web", "sys", "class", "net", "eth0"), recursive: true);

        Assert.Single(Container(mapper.MapContainers(Inventory(), reuseNamespaceReads: true), "web").Interfaces);
        var restarted = Inventory([Web with { Pid = Web.Pid }, .. AllContainers.Where(c => c.Id != WebId)]);
        Assert.Single(Container(mapper.MapContainers(restarted, reuseNamespaceReads: true), "web").Interfaces); // an equal record is unchanged
        var connected = Web with { Endpoints = [.. Web.Endpoints, new RuntimeEndpoint("frontend", FrontendNetworkId, "02:42:ac:13:00:09", "172.19.0.9", "", "172.19.0.1")] };
        var reconnected = Inventory([connected, .. AllContainers.Where(c => c.Id != WebId)]);
        Assert.Empty(Container(mapper.MapContainers(reconnected, reuseNamespaceReads: true), "web").Interfaces);
        Assert.Empty(Container(mapper.MapContainers(Inventory()), "web").Interfaces);
    }

    /// <summary>
    /// A mapping after events keeps the last full sync's kernel scan, but reads the host's addresses
    /// again: a gateway is judged by what the host holds now. Here 172.17.0.1 moves from docker0 to
    /// eth0 between the full sync and the events, as no Docker event would say.
    /// </summary>
    [Fact]
    public void After_events_the_gateway_is_judged_by_the_host_s_addresses_as_they_are_then()
    {
        var paths = new KernelPaths(FixtureTree.Path(Fixture, "sys"), FixtureTree.Path(Fixture, "proc"));
        var netlink = new HostAddressesNetlink(paths) { Held = [("docker0", "172.17.0.1")] };
        var mapper = Mappers.Over(paths, readErrors, netlink: netlink);
        var atSync = mapper.MapWithScan(Inventory([Web]));

        netlink.Held = [("docker0", "172.17.0.254"), ("eth0", "172.17.0.1")];
        var afterEvents = mapper.Map(new MappingRequest(Inventory([Web]), SyncedAt, ReuseNamespaceReads: true, KernelScanUse.Last));

        Assert.Equal(new GatewayVerdict(GatewayLocation.Bridge, VerdictSource.Kernel), Container(atSync, "web").GatewayVerdict);
        Assert.Equal(new GatewayVerdict(GatewayLocation.Host, VerdictSource.Kernel), Container(afterEvents, "web").GatewayVerdict);
        Assert.Equal(2, netlink.HostReads);
    }

    /// <summary>A namespace read that found nothing (its class/net unreadable for a moment) is not kept for the next mapping.</summary>
    [Fact]
    public void An_empty_namespace_read_is_not_reused()
    {
        using var tree = TempTree.CopyOf(Fixture);
        var paths = new KernelPaths(tree.Path("sys"), tree.Path("proc"));
        var mapper = Mappers.Over(paths, readErrors);
        var netClass = tree.Path("containers", "web", "sys", "class", "net");
        Directory.Move(netClass, netClass + ".away");
        Assert.Empty(Container(mapper.MapContainers(Inventory()), "web").Interfaces);

        Directory.Move(netClass + ".away", netClass);

        Assert.Single(Container(mapper.MapContainers(Inventory(), reuseNamespaceReads: true), "web").Interfaces);
    }

    [Fact]
    public void An_empty_inventory_still_lists_nothing_but_the_bridges_it_knows()
    {
        var snapshot = Map(RuntimeInventory.Empty);

        Assert.Empty(snapshot.Containers);
        Assert.Empty(snapshot.Bridges);
    }

    /// <summary>
    /// A device created inside the container's namespace (dummy, tap, vxlan, a Docker-in-Docker
    /// bridge) has no peer: its iflink is its own ifindex. The host has one with the same pair of
    /// numbers (here eth0, ifindex 2 and iflink 2: the physical NIC), and the two "point at each
    /// other", so the mapper takes the host's NIC for the container's veth and exports the host's
    /// whole traffic as the container's.
    /// </summary>
    [Fact]
    public void A_device_without_a_peer_inside_a_container_is_not_paired_with_a_host_device()
    {
        using var tree = TempTree.CopyOf(Fixture);
        var dummy = tree.Path("containers", "batch", "sys", "class", "net", "dummy0");
        Directory.CreateDirectory(dummy);
        File.WriteAllText(Path.Combine(dummy, "ifindex"), "2\n"); // the next index in batch's namespace, after lo
        File.WriteAllText(Path.Combine(dummy, "iflink"), "2\n");
        File.WriteAllText(Path.Combine(dummy, "address"), "6e:5d:4c:3b:2a:19\n");

        var batch = Container(Map(Inventory(), tree.Root), "batch");

        Assert.Empty(batch.Interfaces);
    }

    /// <summary>
    /// Docker's pid of a container that has exited since: pid 1008 belongs to a process started six
    /// minutes after the container, in db's namespace. Taken at its word, the stale container would
    /// claim db's eth0 and its veth.
    /// </summary>
    [Fact]
    public void A_pid_taken_over_by_a_newer_process_maps_nothing_and_steals_no_veth()
    {
        var snapshot = Map(Inventory([.. AllContainers, Stale]));

        var stale = Container(snapshot, "stale");
        Assert.Empty(stale.Interfaces);
        Assert.Null(stale.Netns);
        Assert.Equal("vethbbb", Link(Container(snapshot, "db"), "eth0").Veth);
        Assert.Equal(["vethaaa", "vethbbb", "vethccc", "vethddd"], snapshot.Containers.SelectMany(c => c.Interfaces).Select(l => l.Veth).Order(StringComparer.Ordinal));
        Assert.Equal(1, readErrors.DiscoveryCount);
    }

    /// <summary>What the start time guards against: without Docker's StartedAt, pid 1008 is taken as it is.</summary>
    [Fact]
    public void Without_Dockers_start_time_the_pid_is_taken_as_it_is()
    {
        var snapshot = Map(Inventory([Db, Stale with { StartedAt = null }]));

        Assert.Equal("vethbbb", Link(Container(snapshot, "stale"), "eth0").Veth);
        Assert.Equal("vethbbb", Link(Container(snapshot, "db"), "eth0").Veth);
    }

    /// <summary>
    /// web's process (pid 1001) started at 06:00:00.20 by its /proc/1001/stat. Docker's StartedAt
    /// comes after the process starts, by the prestart hooks' time; a process that seems to start
    /// more than 2 s after it, or 30 s before it, is another one.
    /// </summary>
    [Theory]
    [InlineData(312, true)] // the fixture's own
    [InlineData(0, true)]
    [InlineData(-1_900, true)] // the process seems 1.9 s later: btime moved with the clock
    [InlineData(-2_100, false)]
    [InlineData(-300_000, false)] // five minutes later: a newer process
    [InlineData(20_000, true)] // 20 s earlier: a slow network set-up in a prestart hook
    [InlineData(30_100, false)]
    [InlineData(600_000, false)] // ten minutes earlier: older than the container
    public void The_process_must_have_started_when_Docker_says_the_container_did(int dockerMillisecondsAfterProcess, bool mapped)
    {
        var processStartedAt = new DateTimeOffset(2024, 1, 1, 6, 0, 0, 200, TimeSpan.Zero);
        var web = Web with { StartedAt = processStartedAt.AddMilliseconds(dockerMillisecondsAfterProcess) };

        var node = Assert.Single(Map(Inventory([web])).Containers);

        Assert.Equal(mapped ? ["vethaaa"] : [], node.Interfaces.Select(l => l.Veth));
        Assert.Equal(mapped ? 4026532001UL : null, node.Netns);
        Assert.Equal(mapped ? 0 : 1, readErrors.DiscoveryCount);
    }

    /// <summary>host and container: mode read no interfaces, but export the netns: it is checked too.</summary>
    [Fact]
    public void The_start_time_of_a_container_without_its_own_namespace_is_checked_too()
    {
        var snapshot = Map(Inventory([Web, Sidecar with { StartedAt = SyncedAt }, DockerHostScenario.Monitor with { StartedAt = SyncedAt }]));

        Assert.Null(Container(snapshot, "sidecar").Netns);
        Assert.Null(Container(snapshot, "monitor").Netns);
        Assert.Equal(4026532001UL, Container(snapshot, "web").Netns);
        Assert.Equal(2, readErrors.DiscoveryCount);
    }

    [Theory]
    [InlineData("proc/1001/stat", null)] // the process exited
    [InlineData("proc/1001/stat", "1001 (nginx) S 981 1001")] // cut short
    [InlineData("proc/1001/stat", "1001 (nginx) S 981 1001 1001 0 -1 4194560 1523 0 12 0 41 17 0 0 20 0 1 0 -5 0")]
    [InlineData("proc/stat", null)]
    [InlineData("proc/stat", "cpu  1 2 3\nprocesses 5\n")] // no btime
    public void A_start_time_that_cannot_be_read_maps_nothing_and_counts(string file, string? content)
    {
        using var tree = TempTree.CopyOf(Fixture);
        var path = tree.Path(file.Split('/'));
        File.Delete(path);
        if (content is not null)
        {
            File.WriteAllText(path, content);
        }

        var node = Assert.Single(Map(Inventory([Web]), tree.Root).Containers);

        Assert.Empty(node.Interfaces);
        Assert.Null(node.Netns);
        Assert.Equal(1, readErrors.DiscoveryCount);
    }

    /// <summary>
    /// The process keeps its pid but its namespace changes (or the process exits) while its
    /// interfaces are listed: what was listed is not known to be the namespace that was read. The
    /// change is made from inside the listing: a garbage interface in web's namespace, whose
    /// skipping NetClassReader logs as it goes.
    /// </summary>
    [Theory]
    [InlineData("net:[4026532001]", true)] // rewritten, but the same namespace
    [InlineData("net:[4026532002]", false)] // db's
    [InlineData(null, false)] // gone: the process exited
    public void A_namespace_that_changes_while_its_interfaces_are_listed_maps_nothing(string? newTarget, bool mapped)
    {
        using var tree = TempTree.CopyOf(Fixture);
        var garbage = tree.Path("containers", "web", "sys", "class", "net", "bad0");
        Directory.CreateDirectory(garbage);
        File.WriteAllText(Path.Combine(garbage, "ifindex"), "abc\n");
        var nsLink = tree.Path("proc", "1001", "ns", "net");
        var hook = new HookLogger<NetClassReader>(message =>
        {
            if (message.Contains(Path.Combine("1001", "root", "sys", "class", "net", "bad0"), StringComparison.Ordinal))
            {
                File.Delete(nsLink);
                if (newTarget is not null)
                {
                    File.CreateSymbolicLink(nsLink, newTarget);
                }
            }
        });

        var node = Assert.Single(Map(Inventory([Web]), tree.Root, hook).Containers);

        Assert.Equal(mapped ? ["vethaaa"] : [], node.Interfaces.Select(l => l.Veth));
        Assert.Equal(mapped ? 4026532001UL : null, node.Netns);
        Assert.Equal(mapped ? 1 : 2, readErrors.DiscoveryCount); // bad0, and the change
    }

    /// <summary>The tree's netlink (<see cref="FixtureNetlink"/>), but the host namespace answers with the addresses the test says it holds now.</summary>
    private sealed class HostAddressesNetlink(KernelPaths paths) : INetlinkReader
    {
        private readonly FixtureNetlink tree = new(paths);

        public (string Interface, string Address)[] Held { get; set; } = [];

        public int HostReads { get; private set; }

        public NamespaceView? TryRead(string netnsPath, string ownNetnsPath, out int error)
        {
            if (netnsPath != paths.HostNetNamespaceCandidates.First())
            {
                return tree.TryRead(netnsPath, ownNetnsPath, out error);
            }

            HostReads++;
            error = 0;
            var links = Held.Select(h => h.Interface).Distinct(StringComparer.Ordinal).Select((name, i) => new NetlinkLink(i + 1, i + 1, name, "")).ToList();
            return new NamespaceView(
                [.. links], [.. Held.Select(h => new NetlinkAddress(links.Single(l => l.Name == h.Interface).IfIndex, "ipv4", h.Address))], null);
        }

        public LinkPeers? TryReadPeers(string hostNetnsPath, string ownNetnsPath, IReadOnlyCollection<NamespaceFile> namespaces, out int error) =>
            tree.TryReadPeers(hostNetnsPath, ownNetnsPath, namespaces, out error);

        public LinkPeers? TryReadPeersFrom(string netnsPath, string ownNetnsPath, IReadOnlyCollection<NamespaceFile> namespaces, out int error) =>
            tree.TryReadPeersFrom(netnsPath, ownNetnsPath, namespaces, out error);

        public TFiles? TryOpenInside<TFiles>(string netnsPath, string ownNetnsPath, Func<string, TFiles?> open, out int error)
            where TFiles : class, IDisposable => tree.TryOpenInside(netnsPath, ownNetnsPath, open, out error);
    }
}
