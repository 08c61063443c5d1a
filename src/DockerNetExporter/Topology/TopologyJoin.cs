using System.Collections.Immutable;
using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Namespaces;
using DockerNetExporter.Runtime;

namespace DockerNetExporter.Topology;

/// <summary>
/// Joins what a container runtime says with what the kernel shows into a <see cref="TopologySnapshot"/>,
/// as a pure function of what was read: no file is opened here, so the rules are tested on plain records.
/// A container interface maps to the host veth whose ifindex is the container's iflink and whose
/// iflink is the container's ifindex, if the kernel says that veth's peer is that interface in the
/// container's namespace (<see cref="LinkPeers"/>): indices are per namespace, so any namespace
/// can copy another's (ip link add x index E type veth peer name y index V), and an interface whose
/// indices point at a veth the kernel places elsewhere is forged, never attributed. The veth's
/// master is the bridge; the bridge names the runtime's network; the MAC address names the
/// runtime's endpoint. Namespaces the kernel scan found beyond the runtime's containers join the
/// picture when one of their interfaces pairs with a host veth.
/// </summary>
internal static class TopologyJoin
{
    /// <param name="inventory">What the runtime says runs; <see cref="RuntimeInventory.Empty"/> without one.</param>
    /// <param name="host">The host's interfaces and namespace, and each container's namespace as read.</param>
    /// <param name="scan">Namespaces no container accounts for, and the host's addresses; <see cref="KernelScan.Empty"/> for none.</param>
    /// <param name="peers">The kernel's word on where the host's veths lead; null if it could not be asked, and then nothing pairs.</param>
    /// <param name="syncedAt">When the picture was last confirmed (see <see cref="TopologySnapshot.SyncedAt"/>).</param>
    /// <param name="overlays">The overlay sandboxes read at this mapping, with the kernel's word from inside each on where its veths lead; none read, none named.</param>
    public static JoinedTopology Join(
        RuntimeInventory inventory, HostRead host, KernelScan scan, LinkPeers? peers, DateTimeOffset? syncedAt, ImmutableArray<OverlaySandbox> overlays = default)
    {
        var hostByIndex = new Dictionary<int, NetInterface>(host.Interfaces.Length);
        foreach (var netInterface in host.Interfaces)
        {
            hostByIndex.TryAdd(netInterface.IfIndex, netInterface);
        }

        var hostByName = host.InterfacesByName;

        var networksByBridge = new Dictionary<string, RuntimeNetwork>(StringComparer.Ordinal);
        foreach (var network in inventory.Networks.Values.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (network.BridgeName is { } bridgeName)
            {
                networksByBridge.TryAdd(bridgeName, network);
            }
        }

        var sandboxes = (overlays.IsDefault ? [] : overlays).ToDictionary(s => s.Network.Id, StringComparer.Ordinal);
        var unattributed = new Unattributed();
        var mappedVeths = new HashSet<string>(StringComparer.Ordinal);
        var containers = ImmutableArray.CreateBuilder<ContainerNode>(inventory.Containers.Count);
        foreach (var container in inventory.Containers.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            var read = host.Namespaces.GetValueOrDefault(container.Id) ?? NamespaceRead.Unread;
            var links = ImmutableArray.CreateBuilder<VethLink>();
            foreach (var netInterface in read.Interfaces)
            {
                var endpoint = EndpointOf(container, netInterface, inventory.Networks, hostByIndex);
                if (endpoint is not null && inventory.Networks.TryGetValue(endpoint.NetworkId, out var network)
                    && CountedInside(netInterface, network, read, hostByIndex, sandboxes) is { } inside)
                {
                    links.Add(inside);
                }
                else if (PairedVeth(container.Name, read.Netns, netInterface, hostByIndex, peers, unattributed) is { } veth)
                {
                    links.Add(Link(netInterface, veth, networksByBridge, endpoint?.Network));
                    mappedVeths.Add(veth.Name);
                }
            }

            containers.Add(new ContainerNode(
                container.Id, container.Name, Known(container.Image), NetworkModeOf(container, inventory), read.Netns,
                Known(container.ComposeProject), Known(container.ComposeService),
                links.ToImmutable(), Addresses(container, read.Interfaces), read.Gateway,
                GatewayJudge.OfContainer(read.Gateway, links, container, inventory.Networks, scan.HostAddresses),
                OwnFiles: read.Netns is { } netns && read.NetDevPath.Length > 0 ? new NamespaceCounters(read.NetDevPath, read.NetnsPath, netns) : null,
                PublishedPorts: [.. container.PublishedPorts.Select(p => new PublishedPort(p.Protocol, p.ContainerPort, p.HostIp, p.HostPort))],
                Labels: container.Labels));
        }

        LearnUnnamedBridges(inventory, containers, hostByName, networksByBridge);
        AddKernelNamespaces(scan, host.Netns, inventory, hostByIndex, peers, sandboxes.Values, networksByBridge, containers, mappedVeths, unattributed);
        var bridges = Bridges(inventory, hostByName, networksByBridge, containers, mappedVeths, scan.HostAddresses);
        var snapshot = new TopologySnapshot(containers.ToImmutable(), bridges, syncedAt, unattributed.Forged.Count, Overlays(sandboxes.Values))
        {
            NetworkGateways = GatewayJudge.OfNetworks(inventory, networksByBridge, scan.HostAddresses),
        };
        return new JoinedTopology(snapshot, unattributed.Unpaired.ToImmutable(), unattributed.Forged.ToImmutable(), unattributed.Unproven.ToImmutable());
    }

    /// <summary>
    /// A bridge network whose list entry names no bridge device on the host (Podman's compatible API
    /// gives no bridge name, and its device is cni-podman0, not br-ID) is on the bridge the kernel
    /// shows its containers' veths on: an endpoint of that network whose MAC is a mapped interface's.
    /// </summary>
    private static void LearnUnnamedBridges(
        RuntimeInventory inventory,
        ImmutableArray<ContainerNode>.Builder containers,
        IReadOnlyDictionary<string, NetInterface> hostByName,
        Dictionary<string, RuntimeNetwork> networksByBridge)
    {
        foreach (var node in containers)
        {
            foreach (var link in node.Interfaces)
            {
                if (link.Bridge is not { } bridge || networksByBridge.ContainsKey(bridge)
                    || node.Id is null || !inventory.Containers.TryGetValue(node.Id, out var container)
                    || container.Endpoints.FirstOrDefault(e => e.MacAddress == link.MacAddress) is not { } endpoint
                    || !inventory.Networks.TryGetValue(endpoint.NetworkId, out var network)
                    || network.BridgeName is not { } named || (hostByName.TryGetValue(named, out var device) && device.IsBridge))
                {
                    continue;
                }

                networksByBridge[bridge] = network;
            }
        }
    }

    /// <summary>
    /// Adds the namespaces the kernel shows beyond the runtime's containers, those with at least one
    /// interface paired with a host veth (a namespace with only lo, as systemd's PrivateNetwork=
    /// makes, has nothing to map). A name already taken gets the namespace's inode appended.
    /// </summary>
    private static void AddKernelNamespaces(
        KernelScan scan,
        ulong? hostNetns,
        RuntimeInventory inventory,
        Dictionary<int, NetInterface> hostByIndex,
        LinkPeers? peers,
        IEnumerable<OverlaySandbox> sandboxes,
        Dictionary<string, RuntimeNetwork> networksByBridge,
        ImmutableArray<ContainerNode>.Builder containers,
        HashSet<string> mappedVeths,
        Unattributed unattributed)
    {
        if (scan.Namespaces.IsEmpty)
        {
            return;
        }

        var known = KnownNamespaces(containers.Select(c => c.Netns), hostNetns);
        var names = new HashSet<string>(containers.Select(c => c.Name), StringComparer.Ordinal);
        foreach (var found in scan.Namespaces)
        {
            // A scan kept from the last full sync may hold a namespace that a container has since been
            // found in; and a container whose namespace the reader refused (a pid that may not be its
            // own) is not to come back under its cgroup's name.
            if (known.Contains(found.Inode) || (found.Id is { } id && inventory.Containers.ContainsKey(id)))
            {
                continue;
            }

            var linksByIfIndex = new Dictionary<int, VethLink>();
            foreach (var netInterface in found.Interfaces)
            {
                if (OnOverlay(netInterface, found, sandboxes) is { } overlay)
                {
                    linksByIfIndex[netInterface.IfIndex] = overlay;
                }
                else if (PairedVeth(found.Name, found.Inode, netInterface, hostByIndex, peers, unattributed) is { } veth)
                {
                    linksByIfIndex[netInterface.IfIndex] = Link(netInterface, veth, networksByBridge, endpointNetwork: null);
                }
            }

            if (linksByIfIndex.Count == 0)
            {
                continue;
            }

            var links = linksByIfIndex.Values.OrderBy(l => l.Interface, StringComparer.Ordinal).ToImmutableArray();
            mappedVeths.UnionWith(links.Select(l => l.Veth));
            var name = names.Add(found.Name) ? found.Name : $"{found.Name}-{found.Inode}";
            names.Add(name);
            var addresses = ImmutableArray.CreateBuilder<IpAssignment>();
            foreach (var address in found.Addresses)
            {
                if (linksByIfIndex.TryGetValue(address.IfIndex, out var link))
                {
                    addresses.Add(new IpAssignment(link.Interface, link.Network, address.Family, address.Address, link.MacAddress));
                }
            }

            var gatewayVerdict = GatewayJudge.OfContainer(found.Gateway, links, container: null, inventory.Networks, scan.HostAddresses);
            containers.Add(new ContainerNode(
                found.Id, name, null, null, found.Inode, null, null, links, addresses.ToImmutable(), found.Gateway, gatewayVerdict, NameSourceOf(found.NameSource),
                new NamespaceCounters(found.NetDevPath, found.NetnsPath, found.Inode)));
        }

        containers.Sort((a, b) => StringComparer.Ordinal.Compare(a.Name, b.Name) is var byName and not 0 ? byName : StringComparer.Ordinal.Compare(a.Id, b.Id));
    }

    /// <summary>The namespaces the runtime's containers are in, and the host's: what a kernel scan leaves out.</summary>
    public static IReadOnlySet<ulong> KnownNamespaces(IEnumerable<ulong?> containerNamespaces, ulong? hostNetns)
    {
        var known = new HashSet<ulong>(containerNamespaces.OfType<ulong>());
        if (hostNetns is { } host)
        {
            known.Add(host);
        }

        return known;
    }

    private static NameSource NameSourceOf(KernelNameSource source) => source switch
    {
        KernelNameSource.Cgroup => NameSource.Cgroup,
        KernelNameSource.NetnsFile => NameSource.NetnsFile,
        _ => NameSource.Process,
    };

    /// <summary>
    /// The host veth at the other end of <paramref name="inside"/>, an interface of namespace
    /// <paramref name="netns"/>, or null, with the reason noted in <paramref name="unattributed"/>.
    /// Indices that point at each other make a candidate only: the kernel's word on the veth's
    /// peer decides. A host device with no peer in another namespace (a dummy or tap that links
    /// to itself, as one inside may too) is no veth of any container's.
    /// </summary>
    private static NetInterface? PairedVeth(
        string owner, ulong? netns, NetInterface inside, Dictionary<int, NetInterface> hostByIndex, LinkPeers? peers, Unattributed unattributed)
    {
        if (inside.Name == "lo")
        {
            return null;
        }

        if (!hostByIndex.TryGetValue(inside.IfLink, out var veth) || veth.IfLink != inside.IfIndex
            || veth.IsBridge || veth.IsPhysical || veth.Name == "lo"
            || (peers is not null && !peers.Peers.ContainsKey(veth.IfIndex)))
        {
            unattributed.Unpaired.Add(new UnpairedInterface(owner, inside.Name, inside.IfIndex, inside.IfLink));
            return null;
        }

        if (peers is null || netns is not { } ownNetns || !peers.Identified.Contains(ownNetns))
        {
            unattributed.Unproven.Add(new ClaimedVeth(owner, netns, inside.Name, veth.Name));
            return null;
        }

        if (peers.Peers[veth.IfIndex] != new LinkPeer(inside.IfIndex, ownNetns))
        {
            unattributed.Forged.Add(new ClaimedVeth(owner, netns, inside.Name, veth.Name));
            return null;
        }

        return veth;
    }

    /// <summary>
    /// The runtime's endpoint for a container interface: the one with its MAC. An ipvlan interface
    /// has its parent's MAC, and Docker reports none for its endpoint: it is the container's one
    /// ipvlan endpoint without a MAC, if the interface's iflink names a host device with the
    /// interface's MAC (its parent). Of two such endpoints neither is taken.
    /// </summary>
    private static RuntimeEndpoint? EndpointOf(
        RuntimeContainer container, NetInterface inside, ImmutableDictionary<string, RuntimeNetwork> networks, Dictionary<int, NetInterface> hostByIndex)
    {
        if (container.Endpoints.FirstOrDefault(e => e.MacAddress.Length > 0 && e.MacAddress == inside.Address) is { } byMac)
        {
            return byMac;
        }

        var ipvlan = container.Endpoints.Where(e => e.MacAddress.Length == 0 && networks.TryGetValue(e.NetworkId, out var n) && n.Driver == "ipvlan").ToList();
        return ipvlan.Count == 1 && inside.IfLink != inside.IfIndex && inside.Address.Length > 0
            && hostByIndex.TryGetValue(inside.IfLink, out var parent) && parent.Address == inside.Address
            ? ipvlan[0]
            : null;
    }

    /// <summary>
    /// A container interface on a network with no host veth, one whose driver is neither bridge nor
    /// none nor host (overlay, macvlan, ipvlan, a plugin's), with the runtime's endpoint for it (its
    /// MAC): counted in the container's own namespace, whose /proc/PID/net/dev is the kernel's word
    /// on the namespace's interfaces, not the container's mounts. So a container can at most
    /// mislabel its own interface, never show another's counters. Null for an interface on a
    /// bridge network, which only a host veth the kernel pairs with it accounts for.
    /// </summary>
    private static VethLink? CountedInside(
        NetInterface inside, RuntimeNetwork network, NamespaceRead read, Dictionary<int, NetInterface> hostByIndex, Dictionary<string, OverlaySandbox> sandboxes)
    {
        if (network.Driver is "bridge" or "host" or "null" || read.Netns is not { } netns || read.NetDevPath.Length == 0)
        {
            return null;
        }

        var counters = new NamespaceCounters(read.NetDevPath, read.NetnsPath, netns);
        if (network.Driver == "overlay" && sandboxes.TryGetValue(network.Id, out var sandbox) && OverlayLink(inside, netns, sandbox, counters) is { } overlay)
        {
            return overlay;
        }

        var (kind, bridge) = network.Driver switch
        {
            "overlay" => (LinkKind.Overlay, (string?)null),
            "macvlan" or "ipvlan" => (LinkKind.Parent, ParentOf(inside, network.Driver, hostByIndex)),
            _ => (LinkKind.Other, null),
        };
        return new VethLink(inside.Name, inside.Directory, Veth: "", VethIfIndex: 0, VethDirectory: "", bridge, network.Name, inside.Address, kind, counters, inside.IfIndex);
    }

    /// <summary>
    /// An interface of a namespace the kernel scan found (the ingress network's ingress_sbox, a load
    /// balancer's lb_ID) whose veth's peer, the kernel says from inside an overlay's sandbox, it is:
    /// counted from inside its namespace, which no process may hold.
    /// </summary>
    private static VethLink? OnOverlay(NetInterface inside, KernelNamespace found, IEnumerable<OverlaySandbox> sandboxes) =>
        sandboxes.Select(sandbox => OverlayLink(inside, found.Inode, sandbox, new NamespaceCounters("", found.NetnsPath, found.Inode))).FirstOrDefault(l => l is not null);

    /// <summary>An overlay interface whose other end the kernel proves is a veth of the sandbox: named SANDBOX/VETH, on SANDBOX/BRIDGE.</summary>
    private static VethLink? OverlayLink(NetInterface inside, ulong netns, OverlaySandbox sandbox, NamespaceCounters counters) =>
        sandbox.PeerOf(inside, netns) is { } veth
            ? new VethLink(
                inside.Name, inside.Directory, sandbox.Label(veth.Name), veth.IfIndex, VethDirectory: "",
                veth.Master is { } bridge ? sandbox.Label(bridge) : null, sandbox.Network.Name, inside.Address, LinkKind.Overlay, counters, inside.IfIndex)
            : null;

    /// <summary>Each overlay network whose sandbox the scan read: its bridge, and its VXLAN device and VNI as netlink gave them.</summary>
    private static ImmutableArray<OverlayNode> Overlays(IEnumerable<OverlaySandbox> sandboxes) =>
        [.. sandboxes.Select(s => new OverlayNode(
            s.Network.Name, s.Network.Id, s.Namespace.Name, s.Namespace.NetnsPath, s.Namespace.Inode,
            s.Namespace.Interfaces.FirstOrDefault(i => i.IsBridge)?.Name,
            s.Namespace.Vxlans.FirstOrDefault()))];

    /// <summary>
    /// A macvlan's or ipvlan's parent as DRIVER:NAME: its iflink is the parent's ifindex in the host
    /// namespace (macvlan_dev_get_iflink, ipvlan_get_iflink). Null if it names no host interface.
    /// </summary>
    private static string? ParentOf(NetInterface inside, string driver, Dictionary<int, NetInterface> hostByIndex) =>
        inside.IfLink != inside.IfIndex && hostByIndex.TryGetValue(inside.IfLink, out var parent) ? $"{driver}:{parent.Name}" : null;

    /// <param name="endpointNetwork">The network of the runtime's endpoint with this MAC, for a veth on a bridge no network names.</param>
    private static VethLink Link(NetInterface inside, NetInterface veth, Dictionary<string, RuntimeNetwork> networksByBridge, string? endpointNetwork)
    {
        var bridge = veth.Master;
        var network = bridge is not null && networksByBridge.TryGetValue(bridge, out var runtimeNetwork)
            ? runtimeNetwork.Name
            : endpointNetwork;

        // Read through netlink, the interface has no directory of its own to show: its veth stands for it.
        var interfaceDirectory = inside.Directory.Length > 0 ? inside.Directory : veth.Directory;
        return new VethLink(inside.Name, interfaceDirectory, veth.Name, veth.IfIndex, veth.Directory, bridge, network, inside.Address, InterfaceIfIndex: inside.IfIndex);
    }

    private static ImmutableArray<IpAssignment> Addresses(RuntimeContainer container, ImmutableArray<NetInterface> inside)
    {
        var addresses = ImmutableArray.CreateBuilder<IpAssignment>();
        foreach (var endpoint in container.Endpoints.OrderBy(e => e.Network, StringComparer.Ordinal))
        {
            var interfaceName = endpoint.MacAddress.Length == 0 ? null : inside.FirstOrDefault(i => i.Address == endpoint.MacAddress)?.Name;
            if (endpoint.IPv4Address.Length > 0)
            {
                addresses.Add(new IpAssignment(interfaceName, endpoint.Network, "ipv4", endpoint.IPv4Address, endpoint.MacAddress));
            }

            if (endpoint.IPv6Address.Length > 0)
            {
                addresses.Add(new IpAssignment(interfaceName, endpoint.Network, "ipv6", endpoint.IPv6Address, endpoint.MacAddress));
            }
        }

        return addresses.ToImmutable();
    }

    private static ImmutableArray<BridgeNode> Bridges(
        RuntimeInventory inventory,
        IReadOnlyDictionary<string, NetInterface> hostByName,
        Dictionary<string, RuntimeNetwork> networksByBridge,
        ImmutableArray<ContainerNode>.Builder containers,
        HashSet<string> mappedVeths,
        ImmutableDictionary<string, ImmutableArray<string>>? hostAddresses)
    {
        var names = new SortedSet<string>(networksByBridge.Keys, StringComparer.Ordinal);
        foreach (var link in containers.SelectMany(c => c.Interfaces))
        {
            if (link.Bridge is { } bridge)
            {
                names.Add(bridge);
            }
        }

        var bridges = ImmutableArray.CreateBuilder<BridgeNode>(names.Count);
        foreach (var name in names)
        {
            if (!hostByName.TryGetValue(name, out var device) || !device.IsBridge)
            {
                continue;
            }

            networksByBridge.TryGetValue(name, out var network);
            var bridgeAddresses = hostAddresses is not null && hostAddresses.TryGetValue(name, out var held) ? held : [];
            var subnets = network is null ? [] : network.Subnets.Select(s => Subnet(s, network, inventory, bridgeAddresses)).ToImmutableArray();
            bridges.Add(new BridgeNode(
                name, device.IfIndex, device.Directory,
                network?.Name, network?.Id, Known(network?.Driver),
                subnets,
                device.BridgePorts.Length,
                device.BridgePorts.Count(port => !mappedVeths.Contains(port))));
        }

        return bridges.ToImmutable();
    }

    /// <param name="bridgeAddresses">The addresses the host holds on the bridge (netlink, at full syncs); empty where unknown.</param>
    private static BridgeSubnet Subnet(RuntimeSubnet subnet, RuntimeNetwork network, RuntimeInventory inventory, ImmutableArray<string> bridgeAddresses)
    {
        var gateway = GatewayOf(subnet, network, inventory, bridgeAddresses);
        var assigned = inventory.Containers.Values
            .SelectMany(c => c.Endpoints)
            .Count(e => e.NetworkId == network.Id
                && (SubnetAddresses.Contains(subnet.Subnet, e.IPv4Address) || SubnetAddresses.Contains(subnet.Subnet, e.IPv6Address)));
        var capacity = SubnetAddresses.Capacity(subnet.Subnet, gateway, subnet.IPRange, gatewayReserved: network.Driver == "bridge");
        return new BridgeSubnet(subnet.Subnet, gateway, capacity, assigned);
    }

    /// <summary>
    /// IPAM's gateway; where IPAM names none (Docker 20.10's default bridge, a network made with
    /// --subnet alone, an IPv6 subnet), the bridge's own address in the subnet, as the kernel shows
    /// it; failing that, for IPv4, the Gateway that Docker reports for every endpoint on the network.
    /// </summary>
    private static string? GatewayOf(RuntimeSubnet subnet, RuntimeNetwork network, RuntimeInventory inventory, ImmutableArray<string> bridgeAddresses)
    {
        if (subnet.Gateway.Length > 0)
        {
            return subnet.Gateway;
        }

        if (bridgeAddresses.Where(a => SubnetAddresses.Contains(subnet.Subnet, a)).Order(StringComparer.Ordinal).FirstOrDefault() is { } onTheBridge)
        {
            return onTheBridge;
        }

        // Endpoints report an IPv4 gateway here; an IPv6 subnet without one stays without.
        if (subnet.Subnet.Contains(':', StringComparison.Ordinal))
        {
            return null;
        }

        return inventory.Containers.Values
            .SelectMany(c => c.Endpoints)
            .Where(e => e.NetworkId == network.Id && e.Gateway.Length > 0)
            .Select(e => e.Gateway)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault();
    }

    /// <summary>A runtime's string as the snapshot keeps it: null where the runtime gave none (its records say "").</summary>
    private static string? Known(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>
    /// container:ID (Docker keeps the full 64-hex id, whatever --network container: was given) as
    /// container:NAME when the runtime names that container: the name is what a reader knows it by.
    /// </summary>
    private static string? NetworkModeOf(RuntimeContainer container, RuntimeInventory inventory) =>
        container.JoinsAnotherNamespace && inventory.Containers.TryGetValue(container.NetworkMode[RuntimeContainer.JoinPrefix.Length..], out var owner) && owner.Name.Length > 0
            ? RuntimeContainer.JoinPrefix + owner.Name
            : Known(container.NetworkMode);

    /// <summary>What one join leaves unattributed, gathered as it goes.</summary>
    private sealed class Unattributed
    {
        public ImmutableArray<UnpairedInterface>.Builder Unpaired { get; } = ImmutableArray.CreateBuilder<UnpairedInterface>();

        public ImmutableArray<ClaimedVeth>.Builder Forged { get; } = ImmutableArray.CreateBuilder<ClaimedVeth>();

        public ImmutableArray<ClaimedVeth>.Builder Unproven { get; } = ImmutableArray.CreateBuilder<ClaimedVeth>();
    }
}

/// <summary>A joined picture, and the interfaces it attributes to no veth (for a debug line each).</summary>
/// <param name="Unpaired">Interfaces whose indices lead to no host veth.</param>
/// <param name="Forged">Interfaces whose indices lead to a host veth the kernel says is another namespace's (see <see cref="TopologySnapshot.ForgedInterfaces"/>).</param>
/// <param name="Unproven">Interfaces whose indices lead to a host veth, in a namespace the kernel could not be asked about.</param>
internal sealed record JoinedTopology(
    TopologySnapshot Snapshot, ImmutableArray<UnpairedInterface> Unpaired, ImmutableArray<ClaimedVeth> Forged, ImmutableArray<ClaimedVeth> Unproven);

/// <summary>An interface of <paramref name="Owner"/> (a container's or a namespace's name) with no veth peer in the host namespace.</summary>
internal sealed record UnpairedInterface(string Owner, string Interface, int IfIndex, int IfLink);

/// <summary>An interface <paramref name="Interface"/> of <paramref name="Owner"/> (namespace <paramref name="Netns"/>) whose indices and <paramref name="Veth"/>'s point at each other.</summary>
internal sealed record ClaimedVeth(string Owner, ulong? Netns, string Interface, string Veth);
