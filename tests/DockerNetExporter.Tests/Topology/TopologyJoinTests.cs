using System.Collections.Immutable;
using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Namespaces;
using DockerNetExporter.Runtime;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Tests.Topology;

/// <summary>
/// The join's rules on plain records, with no file read: what the host and each namespace show, and
/// what the kernel says of where the host's veths lead, is written here, row by row. (The reads
/// that produce these records are tested over fixture trees in TopologyMapperTests.)
/// </summary>
public sealed class TopologyJoinTests
{
    private const ulong HostNetns = 4026531840;
    private const ulong WebNetns = 4026532001;
    private const ulong DbNetns = 4026532002;
    private const ulong AttackerNetns = 4026532066;
    private const string WebMac = "02:42:ac:11:00:02";
    private const string DbMac = "02:42:ac:11:00:03";
    private const string ApiBackendMac = "02:42:ac:12:00:04";

    private static readonly DateTimeOffset SyncedAt = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly RuntimeNetwork BridgeNetwork = new("b1", "bridge", "bridge", "docker0", [new RuntimeSubnet("172.17.0.0/16", "172.17.0.1")]);
    private static readonly RuntimeNetwork Backend = new("b2", "backend", "bridge", "br-backend", [new RuntimeSubnet("172.18.0.0/16", "172.18.0.1")]);

    /// <summary>
    /// One container interface against one host device, row by row: the pair must point at each
    /// other, the host end must be a veth-like port (not a bridge, a NIC or lo), and the kernel must
    /// say the host end's peer is this interface of this namespace.
    /// </summary>
    [Theory]
    [InlineData(2, 10, 10, 2, "veth", 2, "paired")]        // a veth pair: each end's iflink is the other's ifindex, and the kernel agrees
    [InlineData(2, 10, 10, 3, "veth", 3, "unpaired")]      // the host end points elsewhere: not this pair
    [InlineData(2, 11, 10, 2, "veth", 2, "unpaired")]      // no host device at iflink 11
    [InlineData(2, 10, 10, 2, "bridge", 2, "unpaired")]    // a bridge is never a container's peer
    [InlineData(2, 10, 10, 2, "physical", 2, "unpaired")]  // nor a NIC
    [InlineData(5, 5, 5, 5, "veth", null, "unpaired")]     // a device linked to itself (dummy, tap) matches any alike, but has no peer elsewhere
    [InlineData(5, 5, 5, 5, "veth", 5, "paired")]          // a veth pair whose ends have equal ifindexes: the kernel says so
    [InlineData(2, 10, 10, 2, "veth", 3, "forged")]        // the kernel says the peer is another interface of the namespace
    public void An_interface_pairs_with_the_host_device_that_the_kernel_says_is_its_peer(
        int insideIfIndex, int insideIfLink, int hostIfIndex, int hostIfLink, string hostKind, int? kernelPeerIfIndex, string outcome)
    {
        var host = hostKind == "bridge" ? HostBridge("vethx", hostIfIndex) : HostPort("vethx", hostIfIndex, hostIfLink, "docker0", isPhysical: hostKind == "physical");
        var web = Container("w", "web", 100, [Endpoint(BridgeNetwork, WebMac, "172.17.0.2")]);
        var kernel = kernelPeerIfIndex is { } peer ? Kernel([WebNetns], (hostIfIndex, peer, WebNetns)) : Kernel([WebNetns]);

        var joined = Join([web], [host, HostBridge("docker0", 3, "vethx")], [(web, Read(WebNetns, Inside("eth0", insideIfIndex, insideIfLink, WebMac)))], kernel);

        var node = Assert.Single(joined.Snapshot.Containers);
        Assert.Equal(outcome == "paired" ? ["vethx"] : [], node.Interfaces.Select(l => l.Veth));
        Assert.Equal(outcome == "unpaired" ? [new UnpairedInterface("web", "eth0", insideIfIndex, insideIfLink)] : [], joined.Unpaired.AsEnumerable());
        Assert.Equal(outcome == "forged" ? [new ClaimedVeth("web", WebNetns, "eth0", "vethx")] : [], joined.Forged.AsEnumerable());
    }

    /// <summary>
    /// The attack: a container with CAP_NET_ADMIN runs `ip link add x index 2 type veth peer name y
    /// index 10` in its own namespace, copying web's pair of indices. Both ends point at each other
    /// as web's do, but the kernel says vetha's peer is web's eth0: the attacker's x is forged.
    /// </summary>
    [Fact]
    public void An_interface_with_a_victim_s_copied_indices_is_forged_and_the_victim_keeps_its_veth()
    {
        var web = Container("w", "web", 100, [Endpoint(BridgeNetwork, WebMac, "172.17.0.2")]);
        var attacker = Container("x", "attacker", 300, []);

        var joined = Join(
            [web, attacker],
            [HostBridge("docker0", 3, "vetha"), HostPort("vetha", 10, 2, "docker0")],
            [(web, Read(WebNetns, Inside("eth0", 2, 10, WebMac))), (attacker, Read(AttackerNetns, Inside("x", 2, 10, "02:00:00:00:00:66"), Inside("y", 10, 2, "02:00:00:00:00:67")))],
            Kernel([WebNetns, AttackerNetns], (10, 2, WebNetns)));

        Assert.Equal([("web", "vetha", "docker0", "bridge")], Links(joined.Snapshot));
        Assert.Equal([new ClaimedVeth("attacker", AttackerNetns, "x", "vetha")], joined.Forged.AsEnumerable());
        Assert.Equal(1, joined.Snapshot.ForgedInterfaces);
        Assert.Equal(0, Assert.Single(joined.Snapshot.Bridges).UnmappedPorts);
    }

    /// <summary>
    /// The victim's own namespace could not be read (its pid refused), so the kernel's nsid for
    /// vetha's peer names none of the namespaces asked about: still not the attacker's.
    /// </summary>
    [Fact]
    public void Copied_indices_are_forged_even_where_the_victim_s_namespace_is_unknown()
    {
        var web = Container("w", "web", 100, [Endpoint(BridgeNetwork, WebMac, "172.17.0.2")]);
        var attacker = Container("x", "attacker", 300, []);

        var joined = Join(
            [web, attacker],
            [HostBridge("docker0", 3, "vetha"), HostPort("vetha", 10, 2, "docker0")],
            [(attacker, Read(AttackerNetns, Inside("x", 2, 10, "02:00:00:00:00:66")))],
            Kernel([AttackerNetns], (10, 2, null)));

        Assert.Empty(Links(joined.Snapshot));
        Assert.Equal([new ClaimedVeth("attacker", AttackerNetns, "x", "vetha")], joined.Forged.AsEnumerable());
        Assert.Equal(1, Assert.Single(joined.Snapshot.Bridges).UnmappedPorts);
    }

    /// <summary>
    /// Where the kernel could not be asked at all (netlink in the host namespace failing), or could
    /// not place a namespace (its process gone, its file another namespace's), nothing is paired
    /// on indices alone, and nothing is called forged either.
    /// </summary>
    [Fact]
    public void Without_the_kernel_s_word_no_interface_is_paired_and_none_is_called_forged()
    {
        var web = Container("w", "web", 100, [Endpoint(BridgeNetwork, WebMac, "172.17.0.2")]);
        var db = Container("d", "db", 200, [Endpoint(BridgeNetwork, DbMac, "172.17.0.3")]);
        (RuntimeContainer, NamespaceRead)[] reads = [(web, Read(WebNetns, Inside("eth0", 2, 10, WebMac))), (db, Read(DbNetns, Inside("eth0", 2, 11, DbMac)))];
        NetInterface[] host = [HostBridge("docker0", 3, "vetha", "vethb"), HostPort("vetha", 10, 2, "docker0"), HostPort("vethb", 11, 2, "docker0")];

        var unasked = Join([web, db], host, reads, peers: null);
        var dbUnplaced = Join([web, db], host, reads, Kernel([WebNetns], (10, 2, WebNetns), (11, 2, null)));

        Assert.Empty(Links(unasked.Snapshot));
        Assert.Equal([new ClaimedVeth("db", DbNetns, "eth0", "vethb"), new ClaimedVeth("web", WebNetns, "eth0", "vetha")], unasked.Unproven.AsEnumerable());
        Assert.Equal((0, 0), (unasked.Forged.Length, unasked.Snapshot.ForgedInterfaces));
        Assert.Equal([("web", "vetha", "docker0", "bridge")], Links(dbUnplaced.Snapshot));
        Assert.Equal([new ClaimedVeth("db", DbNetns, "eth0", "vethb")], dbUnplaced.Unproven.AsEnumerable());
        Assert.Empty(dbUnplaced.Forged);
    }

    [Fact]
    public void A_kernel_namespace_with_copied_indices_is_forged_and_left_out()
    {
        var web = Container("w", "web", 100, [Endpoint(BridgeNetwork, WebMac, "172.17.0.2")]);
        var scan = new KernelScan([Found(AttackerNetns, "intruder", KernelNameSource.NetnsFile, Inside("x", 2, 10, "02:00:00:00:00:66"))], HostAddresses: null);

        var joined = Join(
            [web],
            [HostBridge("docker0", 3, "vetha"), HostPort("vetha", 10, 2, "docker0")],
            [(web, Read(WebNetns, Inside("eth0", 2, 10, WebMac)))],
            Kernel([WebNetns, AttackerNetns], (10, 2, WebNetns)),
            scan: scan);

        Assert.Equal([("web", "vetha", "docker0", "bridge")], Links(joined.Snapshot));
        Assert.Equal([new ClaimedVeth("intruder", AttackerNetns, "x", "vetha")], joined.Forged.AsEnumerable());
    }

    [Fact]
    public void Equal_ifindexes_in_two_namespaces_map_to_their_own_veths()
    {
        // Both eth0 are ifindex 2: only iflink tells them apart, and each veth's iflink is 2.
        var web = Container("w", "web", 100, [Endpoint(BridgeNetwork, WebMac, "172.17.0.2")]);
        var db = Container("d", "db", 200, [Endpoint(BridgeNetwork, DbMac, "172.17.0.3")]);

        var snapshot = Join(
            [web, db],
            [HostBridge("docker0", 3, "vetha", "vethb"), HostPort("vetha", 10, 2, "docker0"), HostPort("vethb", 11, 2, "docker0")],
            [(web, Read(WebNetns, Inside("eth0", 2, 10, WebMac))), (db, Read(DbNetns, Inside("eth0", 2, 11, DbMac)))],
            Kernel([WebNetns, DbNetns], (10, 2, WebNetns), (11, 2, DbNetns))).Snapshot;

        Assert.Equal([("db", "vethb", "docker0", "bridge"), ("web", "vetha", "docker0", "bridge")], Links(snapshot));
        Assert.Equal(0, Assert.Single(snapshot.Bridges).UnmappedPorts);
    }

    [Fact]
    public void A_container_on_two_networks_has_a_veth_and_an_address_on_each()
    {
        var api = Container("a", "api", 300, [Endpoint(BridgeNetwork, WebMac, "172.17.0.4"), Endpoint(Backend, ApiBackendMac, "172.18.0.4")]);

        var snapshot = Join(
            [api],
            [HostBridge("docker0", 3, "vetha"), HostBridge("br-backend", 4, "vethb"), HostPort("vetha", 10, 2, "docker0"), HostPort("vethb", 11, 3, "br-backend")],
            [(api, Read(4026532003, Inside("eth0", 2, 10, WebMac), Inside("eth1", 3, 11, ApiBackendMac)))],
            Kernel([4026532003], (10, 2, 4026532003), (11, 3, 4026532003)),
            networks: [BridgeNetwork, Backend]).Snapshot;

        Assert.Equal([("api", "vetha", "docker0", "bridge"), ("api", "vethb", "br-backend", "backend")], Links(snapshot));
        Assert.Equal(
            [new IpAssignment("eth1", "backend", "ipv4", "172.18.0.4", ApiBackendMac), new IpAssignment("eth0", "bridge", "ipv4", "172.17.0.4", WebMac)],
            Assert.Single(snapshot.Containers).Addresses.AsEnumerable());
        Assert.Equal(["br-backend", "docker0"], snapshot.Bridges.Select(b => b.Name));
    }

    [Fact]
    public void Host_mode_and_a_shared_namespace_get_no_veth_and_leave_the_host_s_ports_unmapped()
    {
        // The reader lists no interfaces for host and container: modes; the join sees their namespaces only.
        var monitor = Container("m", "monitor", 400, [], networkMode: "host");
        var sidecar = Container("s", "sidecar", 500, [], networkMode: "container:w");
        var web = Container("w", "web", 100, [Endpoint(BridgeNetwork, WebMac, "172.17.0.2")]);

        var snapshot = Join(
            [monitor, sidecar, web],
            [HostBridge("docker0", 3, "vetha", "vethorphan"), HostPort("vetha", 10, 2, "docker0"), HostPort("vethorphan", 12, 2, "docker0")],
            [(monitor, Read(HostNetns)), (sidecar, Read(WebNetns)), (web, Read(WebNetns, Inside("eth0", 2, 10, WebMac)))],
            Kernel([WebNetns], (10, 2, WebNetns), (12, 2, null))).Snapshot;

        Assert.Equal([("web", "vetha", "docker0", "bridge")], Links(snapshot));
        Assert.Equal([("monitor", HostNetns), ("sidecar", 4026532001UL), ("web", 4026532001UL)], snapshot.Containers.Select(c => (c.Name, c.Netns!.Value)));
        Assert.Equal(1, Assert.Single(snapshot.Bridges).UnmappedPorts); // vethorphan: no container accounts for it
    }

    [Theory]
    [InlineData("container:w", "container:web")] // the id of a container the runtime names: its name
    [InlineData("container:gone", "container:gone")] // an id the runtime does not list: as it is
    [InlineData("bridge", "bridge")]
    public void A_shared_namespace_s_network_mode_names_its_owner(string networkMode, string shown)
    {
        var sidecar = Container("s", "sidecar", 500, [], networkMode: networkMode);
        var web = Container("w", "web", 100, []);

        var snapshot = Join([sidecar, web], [], [(sidecar, Read(WebNetns)), (web, Read(WebNetns))], Kernel([WebNetns])).Snapshot;

        Assert.Equal(shown, Assert.Single(snapshot.Containers, c => c.Name == "sidecar").NetworkMode);
    }

    [Fact]
    public void A_container_whose_namespace_could_not_be_read_is_listed_without_veths()
    {
        var web = Container("w", "web", 100, [Endpoint(BridgeNetwork, WebMac, "172.17.0.2")]);

        var node = Assert.Single(Join([web], [HostBridge("docker0", 3, "vetha"), HostPort("vetha", 10, 2, "docker0")], [], Kernel([], (10, 2, null))).Snapshot.Containers);

        Assert.Equal(("web", (ulong?)null, 0), (node.Name, node.Netns, node.Interfaces.Length));
        Assert.Equal(new IpAssignment(null, "bridge", "ipv4", "172.17.0.2", WebMac), Assert.Single(node.Addresses)); // Docker's word, on no interface
    }

    [Fact]
    public void Kernel_namespaces_join_when_they_pair_with_a_veth_no_container_has_and_are_not_known_already()
    {
        var web = Container("w", "web", 100, [Endpoint(BridgeNetwork, WebMac, "172.17.0.2")]);
        var scan = new KernelScan(
            [
                Found(4026532001, "a1a1a1a1a1a1", KernelNameSource.Cgroup, Inside("eth0", 2, 10, WebMac)),   // web's own namespace: known
                Found(4026532005, "sleep", KernelNameSource.Process, Inside("eth0", 2, 11, DbMac)),
                Found(4026532006, "sleep", KernelNameSource.Process, Inside("eth0", 2, 12, "02:00:00:00:00:06")), // the same name again
                Found(4026532007, "lonely", KernelNameSource.NetnsFile, Inside("lo", 1, 1, "")),             // nothing to map
                Found(4026532008, "stray", KernelNameSource.NetnsFile, Inside("eth0", 2, 99, "02:00:00:00:00:08")), // no such veth
            ],
            HostAddresses: null);

        var snapshot = Join(
            [web],
            [HostBridge("docker0", 3, "vetha", "vethb", "vethc"), HostPort("vetha", 10, 2, "docker0"), HostPort("vethb", 11, 2, "docker0"), HostPort("vethc", 12, 2, "docker0")],
            [(web, Read(WebNetns, Inside("eth0", 2, 10, WebMac)))],
            Kernel([WebNetns, 4026532005, 4026532006, 4026532008], (10, 2, WebNetns), (11, 2, 4026532005), (12, 2, 4026532006)),
            scan: scan).Snapshot;

        Assert.Equal(
            [("sleep", NameSource.Process, "vethb"), ("sleep-4026532006", NameSource.Process, "vethc"), ("web", NameSource.Runtime, "vetha")],
            snapshot.Containers.Select(c => (c.Name, c.NameSource, Assert.Single(c.Interfaces).Veth)));
        Assert.Equal(0, Assert.Single(snapshot.Bridges).UnmappedPorts);
    }

    [Fact]
    public void A_kernel_namespace_of_a_container_the_runtime_names_does_not_come_back_under_its_cgroup_s_name()
    {
        // The reader refused web's pid (no namespace read), but the scan found its namespace by cgroup.
        var web = Container("a1a1a1a1a1a1aaaa", "web", 100, [Endpoint(BridgeNetwork, WebMac, "172.17.0.2")]);
        var scan = new KernelScan([Found(4026532001, "a1a1a1a1a1a1", KernelNameSource.Cgroup, Inside("eth0", 2, 10, WebMac)) with { Id = web.Id }], null);

        var snapshot = Join([web], [HostBridge("docker0", 3, "vetha"), HostPort("vetha", 10, 2, "docker0")], [], Kernel([WebNetns], (10, 2, WebNetns)), scan: scan).Snapshot;

        Assert.Equal(["web"], snapshot.Containers.Select(c => c.Name));
        Assert.Equal(1, Assert.Single(snapshot.Bridges).UnmappedPorts);
    }

    /// <summary>
    /// A container's gateway by the host's word where the host's addresses are known: on its bridge,
    /// held by the host on another interface, or held by none (outside the host). Where they are
    /// not, by the runtime's: what Docker gave the container's networks.
    /// </summary>
    [Theory]
    [InlineData("172.17.0.1", null, null, "Bridge", "Runtime")]                  // the endpoint's gateway, the host unread
    [InlineData("172.17.0.9", null, null, "Unknown", "Runtime")]                 // neither an endpoint's gateway nor a subnet's
    [InlineData("172.17.0.1", "172.17.0.1", null, "Bridge", "Kernel")]           // docker0 holds it
    [InlineData("172.17.0.1", "172.17.0.254", null, "BridgeSubnet", "Kernel")]   // docker0 was readdressed by hand: nothing on the host holds what IPAM says, in the bridge's subnet
    [InlineData("10.9.9.9", "172.17.0.1", null, "BridgeSubnet", "Kernel")]       // a route set by hand to an address no host interface holds: its only way out is its veth, on docker0
    [InlineData("172.17.0.1", "172.17.0.254", "172.17.0.1", "Host", "Kernel")]   // the host holds it, on eth0: not the bridge
    [InlineData("192.0.2.1", "172.17.0.1", "192.0.2.1", "Host", "Kernel")]       // a route set by hand through the host's own address
    [InlineData(null, "172.17.0.1", null, null, null)]                           // no default route: no verdict
    public void A_container_s_gateway_is_where_the_host_holds_it_and_by_the_runtime_s_word_only_where_the_host_is_unread(
        string? gateway, string? docker0Address, string? eth0Address, string? location, string? source)
    {
        var web = Container("w", "web", 100, [Endpoint(BridgeNetwork, WebMac, "172.17.0.2")]);
        var hostAddresses = docker0Address is null ? null : HostAddresses(("docker0", docker0Address), ("eth0", eth0Address ?? "10.0.2.15"));

        var node = Assert.Single(Join(
            [web],
            [HostBridge("docker0", 3, "vetha"), HostPort("vetha", 10, 2, "docker0")],
            [(web, Read(WebNetns, Inside("eth0", 2, 10, WebMac)) with { Gateway = gateway })],
            Kernel([WebNetns], (10, 2, WebNetns)),
            scan: new KernelScan([], hostAddresses)).Snapshot.Containers);

        Assert.Equal(gateway, node.Gateway);
        Assert.Equal(location is null ? null : new GatewayVerdict(Enum.Parse<GatewayLocation>(location), Enum.Parse<VerdictSource>(source!)), node.GatewayVerdict);
    }

    /// <summary>
    /// macvlan (in this kernel) and ipvlan (not in it: records only). The container's interface is a
    /// child of the parent dnmv0, its iflink the parent's ifindex; its gateway is an upstream router,
    /// which no host interface holds, unless the host is given it. The parent holding it does not
    /// make it the container's bridge: a parent does not even reach its children.
    /// </summary>
    [Theory]
    [InlineData("macvlan", "nothing", "Outside", "Kernel")]
    [InlineData("ipvlan", "nothing", "Outside", "Kernel")]
    [InlineData("macvlan", "parent", "Host", "Kernel")]
    [InlineData("ipvlan", "parent", "Host", "Kernel")]
    [InlineData("ipvlan", "unread", "Outside", "Runtime")] // Docker gives a macvlan's or ipvlan's gateway to no host interface
    public void A_macvlan_or_ipvlan_gateway_is_outside_the_host_unless_the_host_holds_it(string driver, string hostHolds, string location, string source)
    {
        var lan = new RuntimeNetwork("n1", "lan", driver, null, [new RuntimeSubnet("10.78.0.0/24", "10.78.0.1")]);
        var web = Container("w", "web", 100, [Endpoint(lan, WebMac, "10.78.0.2")]);
        var read = new NamespaceRead(WebNetns, [Inside("eth0", 7, 4, WebMac)], "10.78.0.1", "/proc/100/ns/net", "/proc/100/net/dev");
        var hostAddresses = hostHolds == "unread" ? null : HostAddresses(("docker0", "172.17.0.1"), ("dnmv0", hostHolds == "parent" ? "10.78.0.1" : "192.0.2.1"));

        var snapshot = Join([web], [HostPort("dnmv0", 4, 4, ""), HostBridge("docker0", 3)], [(web, read)], Kernel([WebNetns]), [lan], new KernelScan([], hostAddresses)).Snapshot;

        var node = Assert.Single(snapshot.Containers);
        Assert.Equal($"{driver}:dnmv0", Assert.Single(node.Interfaces).Bridge);
        var verdict = new GatewayVerdict(Enum.Parse<GatewayLocation>(location), Enum.Parse<VerdictSource>(source));
        Assert.Equal(verdict, node.GatewayVerdict);
        Assert.Equal([new NetworkGateway("lan", "n1", driver, "10.78.0.0/24", "10.78.0.1", verdict)], snapshot.NetworkGateways.AsEnumerable());
    }

    /// <summary>A container on a bridge network and a macvlan network is judged by the route it takes: the bridge's, or the macvlan's router.</summary>
    [Theory]
    [InlineData("172.17.0.1", "Bridge")]
    [InlineData("10.78.0.1", "Outside")]
    public void A_container_on_a_bridge_and_a_macvlan_network_is_judged_by_its_default_route(string gateway, string location)
    {
        var lan = new RuntimeNetwork("n1", "lan", "macvlan", null, [new RuntimeSubnet("10.78.0.0/24", "10.78.0.1")]);
        var web = Container("w", "web", 100, [Endpoint(BridgeNetwork, WebMac, "172.17.0.2"), Endpoint(lan, ApiBackendMac, "10.78.0.2")]);
        var read = new NamespaceRead(WebNetns, [Inside("eth0", 2, 10, WebMac), Inside("eth1", 7, 4, ApiBackendMac)], gateway, "/proc/100/ns/net", "/proc/100/net/dev");

        var node = Assert.Single(Join(
            [web],
            [HostPort("dnmv0", 4, 4, ""), HostBridge("docker0", 3, "vetha"), HostPort("vetha", 10, 2, "docker0")],
            [(web, read)],
            Kernel([WebNetns], (10, 2, WebNetns)),
            [BridgeNetwork, lan],
            new KernelScan([], HostAddresses(("docker0", "172.17.0.1"), ("eth0", "10.0.2.15")))).Snapshot.Containers);

        Assert.Equal(["docker0", "macvlan:dnmv0"], node.Interfaces.Select(l => l.Bridge));
        Assert.Equal(new GatewayVerdict(Enum.Parse<GatewayLocation>(location), VerdictSource.Kernel), node.GatewayVerdict);
    }

    /// <summary>
    /// A veth the kernel could not be asked about is not mapped, but the runtime attached the container
    /// to docker0's network: the gateway docker0 holds is still its bridge, not "the host's" (no false alarm).
    /// </summary>
    [Fact]
    public void A_container_whose_veth_is_unmapped_is_on_the_bridges_of_its_networks()
    {
        var web = Container("w", "web", 100, [Endpoint(BridgeNetwork, WebMac, "172.17.0.2")]);

        var node = Assert.Single(Join(
            [web],
            [HostBridge("docker0", 3, "vetha"), HostPort("vetha", 10, 2, "docker0")],
            [(web, Read(WebNetns, Inside("eth0", 2, 10, WebMac)))],
            peers: null,
            scan: new KernelScan([], HostAddresses(("docker0", "172.17.0.1")))).Snapshot.Containers);

        Assert.Empty(node.Interfaces);
        Assert.Equal(new GatewayVerdict(GatewayLocation.Bridge, VerdictSource.Kernel), node.GatewayVerdict);
    }

    /// <summary>
    /// Each network's IPAM gateways, any driver: where the host holds them by its word (an IPv6
    /// gateway written otherwise than netlink writes it is the same address), else by driver.
    /// </summary>
    [Theory]
    [InlineData(true, "fd00:db8::1", "Bridge", "Bridge", "Outside", "Outside")]   // docker0 holds both its gateways; the overlay's is in its sandbox, not the host's namespace
    [InlineData(true, "fd00:db8::2", "Bridge", "BridgeSubnet", "Outside", "Outside")] // docker0 holds another address of its IPv6 subnet than IPAM's gateway
    [InlineData(false, null, "Bridge", "Bridge", "Outside", "Unknown")]           // the runtime says nothing of an overlay's
    public void Every_network_s_gateways_are_placed(bool hostRead, string? docker0V6, string bridgeV4, string bridgeV6, string macvlan, string overlay)
    {
        var bridge = BridgeNetwork with { Subnets = [new RuntimeSubnet("172.17.0.0/16", "172.17.0.1"), new RuntimeSubnet("fd00:db8::/64", "fd00:db8:0::1"), new RuntimeSubnet("fd00:db9::/64", "")] };
        var lan = new RuntimeNetwork("n1", "lan", "macvlan", null, [new RuntimeSubnet("10.78.0.0/24", "10.78.0.1")]);
        var ingress = new RuntimeNetwork("o1", "ingress", "overlay", null, [new RuntimeSubnet("10.0.0.0/24", "10.0.0.1")]);
        var hostAddresses = hostRead ? HostAddresses(("docker0", "172.17.0.1"), ("docker0", docker0V6!)) : null;

        var snapshot = Join([], [HostBridge("docker0", 3)], [], Kernel([]), [bridge, lan, ingress], new KernelScan([], hostAddresses)).Snapshot;

        var source = hostRead ? VerdictSource.Kernel : VerdictSource.Runtime;
        Assert.Equal(
            [
                ("bridge", "172.17.0.1", new GatewayVerdict(Enum.Parse<GatewayLocation>(bridgeV4), source)),
                ("bridge", "fd00:db8:0::1", new GatewayVerdict(Enum.Parse<GatewayLocation>(bridgeV6), source)),
                ("ingress", "10.0.0.1", new GatewayVerdict(Enum.Parse<GatewayLocation>(overlay), source)),
                ("lan", "10.78.0.1", new GatewayVerdict(Enum.Parse<GatewayLocation>(macvlan), source)),
            ],
            snapshot.NetworkGateways.Select(g => (g.Network, g.Gateway, g.Verdict)));
    }

    [Fact]
    public void A_network_whose_bridge_device_does_not_exist_takes_the_bridge_its_endpoints_veths_are_on()
    {
        // Podman's compatible API: the network names br-ID, which does not exist; the veth is on cni-podman0.
        var podman = new RuntimeNetwork("p1", "podman", "bridge", "br-p1", [new RuntimeSubnet("10.88.0.0/16", "10.88.0.1")]);
        var web = Container("w", "web", 100, [Endpoint(podman, WebMac, "10.88.0.2")]);

        var snapshot = Join(
            [web],
            [HostBridge("cni-podman0", 3, "vetha"), HostPort("vetha", 10, 2, "cni-podman0")],
            [(web, Read(WebNetns, Inside("eth0", 2, 10, WebMac)))],
            Kernel([WebNetns], (10, 2, WebNetns)),
            networks: [podman]).Snapshot;

        var bridge = Assert.Single(snapshot.Bridges);
        Assert.Equal(("cni-podman0", "podman", 1), (bridge.Name, bridge.Network, Assert.Single(bridge.Subnets).Assigned));
        Assert.Equal([("web", "vetha", "cni-podman0", "podman")], Links(snapshot));
    }

    /// <summary>
    /// A container interface on a network with no host veth, with the runtime's endpoint for it, is
    /// counted in the container's own namespace: an overlay's, a macvlan's or ipvlan's (its iflink
    /// the parent's ifindex on the host; ipvlan is not in this kernel, so only records test it), a
    /// plugin driver's. The same interface on a bridge network is only ever a host veth's.
    /// </summary>
    [Theory]
    [InlineData("overlay", nameof(LinkKind.Overlay), null)]
    [InlineData("macvlan", nameof(LinkKind.Parent), "macvlan:dnmv0")]
    [InlineData("weave", nameof(LinkKind.Other), null)]
    public void An_interface_on_a_network_without_host_veths_is_counted_in_its_own_namespace(string driver, string kind, string? bridge)
    {
        var network = new RuntimeNetwork("n1", "net1", driver, null, [new RuntimeSubnet("10.78.0.0/24", "10.78.0.1")]);
        var web = Container("w", "web", 100, [Endpoint(network, WebMac, "10.78.0.2")]);
        var read = Read(WebNetns, Inside("eth0", 7, 4, WebMac)) with { NetnsPath = "/proc/100/ns/net", NetDevPath = "/proc/100/net/dev" };

        var joined = Join([web], [HostPort("dnmv0", 4, 4, ""), HostBridge("docker0", 3)], [(web, read)], Kernel([WebNetns]), [network]);

        var link = Assert.Single(Assert.Single(joined.Snapshot.Containers).Interfaces);
        Assert.Equal(("eth0", "", bridge, "net1", kind), (link.Interface, link.Veth, link.Bridge, link.Network, link.Kind.ToString()));
        Assert.Equal(new NamespaceCounters("/proc/100/net/dev", "/proc/100/ns/net", WebNetns), link.OwnCounters);
        Assert.Empty(joined.Unpaired);
        Assert.Empty(joined.Snapshot.Bridges); // what the link names as its bridge is no host bridge's name
    }

    /// <summary>
    /// ipvlan, which this kernel lacks, as Docker reports it: the endpoint has no MAC, and the
    /// container's interface has its parent's. It is the container's one ipvlan endpoint when the
    /// interface's iflink names a host device with the interface's MAC; not when the MACs differ,
    /// nor when two ipvlan endpoints could be it.
    /// </summary>
    [Theory]
    [InlineData("02:42:00:00:00:04", 1, true)]
    [InlineData("02:42:00:00:00:05", 1, false)]
    [InlineData("02:42:00:00:00:04", 2, false)]
    public void An_ipvlan_interface_is_its_container_s_ipvlan_endpoint_by_its_parent_s_MAC(string insideMac, int ipvlanEndpoints, bool counted)
    {
        var networks = Enumerable.Range(1, ipvlanEndpoints)
            .Select(i => new RuntimeNetwork($"iv{i}", $"lan{i}", "ipvlan", null, [new RuntimeSubnet($"10.7{i}.0.0/24", $"10.7{i}.0.1")])).ToArray();
        var web = Container("w", "web", 100, [.. networks.Select((n, i) => new RuntimeEndpoint(n.Name, n.Id, "", $"10.7{i + 1}.0.2", "", $"10.7{i + 1}.0.1"))]);
        var read = Read(WebNetns, Inside("eth0", 7, 4, insideMac)) with { NetnsPath = "/proc/100/ns/net", NetDevPath = "/proc/100/net/dev" };

        var joined = Join([web], [HostPort("dnmv0", 4, 4, "") with { Address = "02:42:00:00:00:04" }], [(web, read)], Kernel([WebNetns]), networks);

        var links = Assert.Single(joined.Snapshot.Containers).Interfaces;
        Assert.Equal(counted ? [("eth0", "ipvlan:dnmv0", "lan1")] : [], links.Select(l => (l.Interface, l.Bridge, l.Network)));
    }

    /// <summary>
    /// On a bridge network, an interface whose indices lead to no host veth stays unattributed, MAC
    /// or not: its counters are a host veth's or none. And an interface no endpoint of the container
    /// names (a MAC of its own making) is no network's.
    /// </summary>
    [Theory]
    [InlineData("bridge", WebMac)]
    [InlineData("overlay", "02:00:00:00:00:66")]
    public void An_interface_without_a_host_veth_is_counted_only_on_its_own_network_without_one(string driver, string mac)
    {
        var network = new RuntimeNetwork("n1", "net1", driver, driver == "bridge" ? "docker0" : null, [new RuntimeSubnet("10.78.0.0/24", "10.78.0.1")]);
        var web = Container("w", "web", 100, [Endpoint(network, WebMac, "10.78.0.2")]);
        var read = Read(WebNetns, Inside("eth0", 7, 40, mac)) with { NetnsPath = "/proc/100/ns/net", NetDevPath = "/proc/100/net/dev" };

        var joined = Join([web], [HostBridge("docker0", 3)], [(web, read)], Kernel([WebNetns]), [network]);

        Assert.Empty(Assert.Single(joined.Snapshot.Containers).Interfaces);
        Assert.Equal([new UnpairedInterface("web", "eth0", 7, 40)], joined.Unpaired.AsEnumerable());
    }

    /// <summary>
    /// An overlay's sandbox (1-ID10, kept by a file) holds br0, vxlan0 and veth1, whose indices
    /// point at web's eth0 and back. The sandbox's other end is named only if the kernel, asked from
    /// inside the sandbox, says veth1's peer is web's eth0: not when it could not be asked, not when
    /// it names another interface, nor the same ifindex in another namespace (indices copied); the
    /// counters are web's own either way.
    /// </summary>
    [Theory]
    [InlineData("proven", "1-0v0v0v0v0v/veth1", "1-0v0v0v0v0v/br0")]
    [InlineData("unasked", "", null)]
    [InlineData("another", "", null)]
    [InlineData("elsewhere", "", null)]
    public void An_overlay_interface_names_its_sandbox_veth_and_bridge_where_the_kernel_proves_them(string kernel, string veth, string? bridge)
    {
        var overlay = new RuntimeNetwork("0v0v0v0v0v0v0v0v", "mesh", "overlay", null, [new RuntimeSubnet("10.0.9.0/24", "10.0.9.1")]);
        var web = Container("w", "web", 100, [Endpoint(overlay, WebMac, "10.0.9.2")]);
        var read = Read(WebNetns, Inside("eth0", 7, 9, WebMac)) with { NetnsPath = "/proc/100/ns/net", NetDevPath = "/proc/100/net/dev" };
        var sandbox = Sandbox("1-0v0v0v0v0v", 4026532300, Inside("br0", 2, 2, "") with { IsBridge = true }, Inside("vxlan0", 5, 5, "") with { Master = "br0" }, Inside("veth1", 9, 7, "") with { Master = "br0" });
        var sandboxPeers = kernel switch
        {
            "proven" => Kernel([WebNetns], (9, 7, WebNetns)),
            "another" => Kernel([WebNetns], (9, 3, WebNetns)),
            "elsewhere" => Kernel([WebNetns, AttackerNetns], (9, 7, AttackerNetns)), // the same ifindex, in another namespace: indices copied there
            _ => null,
        };

        var joined = Join([web], [HostBridge("docker0", 3)], [(web, read)], Kernel([WebNetns]), [overlay], overlays: [new OverlaySandbox(overlay, sandbox, sandboxPeers)]);

        var link = Assert.Single(Assert.Single(joined.Snapshot.Containers, c => c.Name == "web").Interfaces);
        Assert.Equal((veth, bridge, "mesh", LinkKind.Overlay.ToString()), (link.Veth, link.Bridge, link.Network, link.Kind.ToString()));
        Assert.Equal("/proc/100/net/dev", link.OwnCounters!.NetDevPath);
        var node = Assert.Single(joined.Snapshot.Overlays);
        Assert.Equal(("mesh", "1-0v0v0v0v0v", "br0", new VxlanDevice("vxlan0", 5, 4097)), (node.Network, node.Sandbox, node.Bridge, node.Vxlan));
    }

    /// <summary>
    /// The ingress network's ingress_sbox, a namespace no process holds: its eth0's peer is veth0 of
    /// the ingress sandbox, the kernel says so from inside it, and it is counted from inside itself.
    /// </summary>
    [Fact]
    public void A_namespace_the_kernel_found_on_an_overlay_is_counted_from_inside_it()
    {
        var ingress = new RuntimeNetwork("1ngr3ss0001ngr3ss000", "ingress", "overlay", null, [new RuntimeSubnet("10.0.0.0/24", "10.0.0.1")]);
        var sandbox = Sandbox("1-1ngr3ss000", 4026532301, Inside("br0", 2, 2, "") with { IsBridge = true }, Inside("veth0", 8, 6, "") with { Master = "br0" });
        var ingressBox = Found(4026532302, "ingress_sbox", KernelNameSource.NetnsFile, Inside("eth0", 6, 8, "02:42:0a:00:00:02")) with { NetnsPath = "/run/docker/netns/ingress_sbox" };

        var joined = Join(
            [], [HostBridge("docker0", 3)], [], Kernel([]), [ingress], new KernelScan([ingressBox], null),
            [new OverlaySandbox(ingress, sandbox, Kernel([ingressBox.Inode], (8, 6, ingressBox.Inode)))]);

        var node = Assert.Single(joined.Snapshot.Containers);
        var link = Assert.Single(node.Interfaces);
        Assert.Equal(("ingress_sbox", "eth0", "1-1ngr3ss000/veth0", "1-1ngr3ss000/br0", "ingress"), (node.Name, link.Interface, link.Veth, link.Bridge, link.Network));
        Assert.Equal(new NamespaceCounters("", "/run/docker/netns/ingress_sbox", 4026532302), link.OwnCounters);
    }

    /// <summary>An overlay sandbox as netlink reads it from inside: kept by a file, with a VXLAN device of VNI 4097.</summary>
    private static KernelNamespace Sandbox(string name, ulong inode, params NetInterface[] links) =>
        new(inode, $"/run/docker/netns/{name}", name, KernelNameSource.NetnsFile, null, [.. links], [], null, [new VxlanDevice("vxlan0", 5, 4097)]);

    private static JoinedTopology Join(
        RuntimeContainer[] containers,
        NetInterface[] hostInterfaces,
        (RuntimeContainer Container, NamespaceRead Read)[] reads,
        LinkPeers? peers,
        RuntimeNetwork[]? networks = null,
        KernelScan? scan = null,
        ImmutableArray<OverlaySandbox> overlays = default)
    {
        var inventory = new RuntimeInventory(
            containers.ToImmutableDictionary(c => c.Id, StringComparer.Ordinal),
            (networks ?? [BridgeNetwork]).ToImmutableDictionary(n => n.Id, StringComparer.Ordinal));
        var host = HostRead.Of([.. hostInterfaces], HostNetns, reads.ToDictionary(r => r.Container.Id, r => r.Read, StringComparer.Ordinal));
        return TopologyJoin.Join(inventory, host, scan ?? KernelScan.Empty, peers, SyncedAt, overlays);
    }

    /// <summary>The host namespace's addresses, by interface, as netlink gives them.</summary>
    private static ImmutableDictionary<string, ImmutableArray<string>> HostAddresses(params (string Interface, string Address)[] held) =>
        held.GroupBy(h => h.Interface, StringComparer.Ordinal).ToImmutableDictionary(g => g.Key, g => g.Select(h => h.Address).ToImmutableArray(), StringComparer.Ordinal);

    /// <summary>What the kernel says: the namespaces it placed, and for each host veth (by ifindex) its peer's ifindex and namespace (null: one not placed).</summary>
    private static LinkPeers Kernel(ulong[] placed, params (int Veth, int PeerIfIndex, ulong? PeerNetns)[] links) =>
        new(links.ToDictionary(l => l.Veth, l => new LinkPeer(l.PeerIfIndex, l.PeerNetns)), placed.ToHashSet());

    private static IEnumerable<(string Container, string Veth, string? Bridge, string? Network)> Links(TopologySnapshot snapshot) =>
        snapshot.Containers.SelectMany(c => c.Interfaces.Select(l => (c.Name, l.Veth, l.Bridge, l.Network)));

    private static RuntimeContainer Container(string id, string name, long pid, RuntimeEndpoint[] endpoints, string networkMode = "bridge") =>
        new(id, name, "busybox", pid, SyncedAt.AddHours(-1), networkMode, "", "", [.. endpoints]);

    private static RuntimeEndpoint Endpoint(RuntimeNetwork network, string mac, string ipv4) =>
        new(network.Name, network.Id, mac, ipv4, "", network.Subnets[0].Gateway);

    private static NamespaceRead Read(ulong netns, params NetInterface[] inside) => new(netns, [.. inside], "172.17.0.1");

    private static KernelNamespace Found(ulong inode, string name, KernelNameSource source, NetInterface inside) =>
        new(inode, $"/run/netns/{name}", name, source, null, [inside], [], null);

    private static NetInterface Inside(string name, int ifIndex, int ifLink, string mac) =>
        new(name, $"/proc/1/root/sys/class/net/{name}", ifIndex, ifLink, mac, null, [], false, false);

    private static NetInterface HostPort(string name, int ifIndex, int ifLink, string bridge, bool isPhysical = false) =>
        new(name, $"/sys/class/net/{name}", ifIndex, ifLink, "", bridge, [], false, isPhysical);

    private static NetInterface HostBridge(string name, int ifIndex, params string[] ports) =>
        new(name, $"/sys/class/net/{name}", ifIndex, ifIndex, "", null, [.. ports], true, false);
}
