using System.Collections.Immutable;
using DockerNetExporter.Docker;
using DockerNetExporter.Namespaces;
using DockerNetExporter.Procfs;
using DockerNetExporter.Sysfs;

namespace DockerNetExporter.Topology;

/// <summary>
/// Joins what Docker says with what the kernel shows into a <see cref="TopologySnapshot"/>.
/// A container interface maps to the host interface whose ifindex is the container's iflink and
/// whose iflink is the container's ifindex: ifindex is only unique per namespace, so both ends
/// must point at each other. The veth's master is the bridge; the bridge names the Docker network;
/// the MAC address names the Docker endpoint.
/// </summary>
internal sealed class TopologyMapper(KernelPaths paths, NetClassReader netClass, ReadErrors readErrors, ILogger<TopologyMapper> logger)
{
    /// <summary>
    /// How much later than Docker's StartedAt the container's process may seem to have started. It
    /// cannot really have: Docker sets StartedAt once the task has started (moby daemon/start.go,
    /// SetRunning). The slack is for the clock: btime is now's wall clock less the time since boot,
    /// so NTP's corrections since the process started move it. A pid that an exited container's
    /// process left to a newer process fails here: the newer one started after the container's exited.
    /// </summary>
    private static readonly TimeSpan MaxStartAfterDocker = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How much earlier. The process is forked at runc create and StartedAt is set after runc start
    /// returns; in between run the prestart hooks, among them (Docker before 23.0) the set-up of the
    /// container's network, which takes seconds on a busy host. A reused pid never looks earlier (a
    /// process keeps its pid for life), so this bound need not be tight: it only rejects a process
    /// older than the container, as the /proc of another pid namespace would show.
    /// </summary>
    private static readonly TimeSpan MaxStartBeforeDocker = TimeSpan.FromSeconds(30);

    // Said once each, at warning level: they point at the deployment (permissions, the clock), not at one container.
    private bool warnedOfDenial;
    private bool warnedOfStartTime;

    // What the last mapping read of each container's namespace, by container id, and of the host's interfaces, by name.
    private Dictionary<string, NamespaceRead> namespaceReads = new(StringComparer.Ordinal);
    private Dictionary<string, NetInterface> lastHostInterfaces = new(StringComparer.Ordinal);

    /// <param name="reuseNamespaceReads">
    /// Take a container's namespace and interfaces as the last mapping read them while Docker says
    /// nothing of its networking changed (same pid, start, endpoints), and the host's bridge ports
    /// as they were while their ifindex is the same. Those reads are most of a mapping's cost (a
    /// third of a second for 1,000 containers), and a batch of events changes few containers; a
    /// full resync passes false, and catches what changed behind Docker's back.
    /// </param>
    /// <param name="scanKernel">
    /// Finds the namespaces no container of <paramref name="inventory"/> accounts for, given the
    /// inodes of those that are accounted for and the host's (<see cref="KernelScan"/>); null to map
    /// Docker's containers alone. Those with a veth on the host join the picture as containers too.
    /// </param>
    public TopologySnapshot Map(
        DockerInventory inventory, DateTimeOffset? syncedAt, bool reuseNamespaceReads = false, Func<IReadOnlySet<ulong>, KernelScan>? scanKernel = null)
    {
        var hostInterfaces = netClass.ReadAll(paths.HostNetClass, reuseNamespaceReads ? lastHostInterfaces : null);
        var hostByIndex = new Dictionary<int, NetInterface>();
        var hostByName = new Dictionary<string, NetInterface>(StringComparer.Ordinal);
        foreach (var netInterface in hostInterfaces)
        {
            hostByIndex.TryAdd(netInterface.IfIndex, netInterface);
            hostByName.TryAdd(netInterface.Name, netInterface);
        }

        lastHostInterfaces = hostByName;

        var networksByBridge = new Dictionary<string, DockerNetwork>(StringComparer.Ordinal);
        foreach (var network in inventory.Networks.Values.OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            if (network.BridgeName is { } bridgeName)
            {
                networksByBridge.TryAdd(bridgeName, network);
            }
        }

        var hostNetns = ReadHostNetns();
        DateTimeOffset? bootTime = ProcessStartTime.TryReadBootTime(paths.ProcStat, out var booted) ? booted : null;
        var mappedVeths = new HashSet<string>(StringComparer.Ordinal);
        var containers = ImmutableArray.CreateBuilder<ContainerNode>(inventory.Containers.Count);
        var reads = new Dictionary<string, NamespaceRead>(StringComparer.Ordinal);
        foreach (var container in inventory.Containers.Values.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            var (netns, inside, gateway) = reuseNamespaceReads && namespaceReads.TryGetValue(container.Id, out var last) && last.Container.SameNetworking(container)
                ? (last.Netns, last.Inside, last.Gateway)
                : ReadNamespace(container, hostNetns, bootTime);
            // A failed read is tried again next time; so is an empty listing of a namespace the
            // container owns (it has lo at least), which is one that could not be read.
            if (netns is not null && (!inside.IsEmpty || !OwnsNamespace(container, netns, hostNetns)))
            {
                reads[container.Id] = new NamespaceRead(container, netns, inside, gateway);
            }

            var links = ImmutableArray.CreateBuilder<VethLink>();
            foreach (var netInterface in inside)
            {
                if (MapToVeth(container, netInterface, hostByIndex, networksByBridge) is { } link)
                {
                    links.Add(link);
                    mappedVeths.Add(link.Veth);
                }
            }

            containers.Add(new ContainerNode(
                container.Id, container.Name, container.Image, container.NetworkMode, netns,
                container.ComposeProject, container.ComposeService,
                links.ToImmutable(), Addresses(container, inside), gateway, GatewayIsBridge(gateway, container, inventory.Networks)));
        }

        namespaceReads = reads;
        LearnUnnamedBridges(inventory, containers, hostByName, networksByBridge);
        if (scanKernel is not null)
        {
            var known = new HashSet<ulong>(containers.Select(c => c.Netns).OfType<ulong>());
            if (hostNetns is { } host)
            {
                known.Add(host);
            }

            var scan = scanKernel(known);
            if (scan.HostAddresses is { } hostAddresses)
            {
                JudgeGatewaysByBridgeAddresses(containers, hostAddresses);
            }

            AddKernelNamespaces(scan, known, inventory, hostByIndex, networksByBridge, containers, mappedVeths);
        }

        var bridges = Bridges(inventory, hostByName, networksByBridge, containers, mappedVeths);
        return new TopologySnapshot(containers.ToImmutable(), bridges, syncedAt);
    }

    /// <summary>
    /// A bridge network whose list entry names no bridge device on the host (Podman's compatible API
    /// gives no bridge name, and its device is cni-podman0, not br-ID) is on the bridge the kernel
    /// shows its containers' veths on: an endpoint of that network whose MAC is a mapped interface's.
    /// </summary>
    private static void LearnUnnamedBridges(
        DockerInventory inventory,
        ImmutableArray<ContainerNode>.Builder containers,
        Dictionary<string, NetInterface> hostByName,
        Dictionary<string, DockerNetwork> networksByBridge)
    {
        foreach (var node in containers)
        {
            foreach (var link in node.Interfaces)
            {
                if (link.Bridge.Length == 0 || networksByBridge.ContainsKey(link.Bridge)
                    || !inventory.Containers.TryGetValue(node.Id, out var container)
                    || container.Endpoints.FirstOrDefault(e => e.MacAddress == link.MacAddress) is not { } endpoint
                    || !inventory.Networks.TryGetValue(endpoint.NetworkId, out var network)
                    || network.BridgeName is not { } named || (hostByName.TryGetValue(named, out var device) && device.IsBridge))
                {
                    continue;
                }

                networksByBridge[link.Bridge] = network;
            }
        }
    }

    /// <summary>
    /// Adds the namespaces the kernel shows beyond Docker's containers, those with at least one
    /// interface paired with a host veth (a namespace with only lo, as systemd's PrivateNetwork=
    /// makes, has nothing to map). A name already taken gets the namespace's inode appended.
    /// </summary>
    private void AddKernelNamespaces(
        KernelScan scan,
        HashSet<ulong> known,
        DockerInventory inventory,
        Dictionary<int, NetInterface> hostByIndex,
        Dictionary<string, DockerNetwork> networksByBridge,
        ImmutableArray<ContainerNode>.Builder containers,
        HashSet<string> mappedVeths)
    {
        var names = new HashSet<string>(containers.Select(c => c.Name), StringComparer.Ordinal);
        foreach (var found in scan.Namespaces)
        {
            var linksByIfIndex = new Dictionary<int, VethLink>();
            foreach (var netInterface in found.Interfaces)
            {
                if (PairedVeth(found.Name, netInterface, hostByIndex, vouchedFor: false) is { } veth)
                {
                    linksByIfIndex[netInterface.IfIndex] = Link(netInterface, veth, networksByBridge, endpointNetwork: null);
                }
            }

            // A scan kept from the last full sync may hold a namespace that a container has since been
            // found in; and a container whose namespace the mapper refused (a pid that may not be its
            // own) is not to come back under its cgroup's name.
            if (linksByIfIndex.Count == 0 || known.Contains(found.Inode) || (found.Id.Length > 0 && inventory.Containers.ContainsKey(found.Id)))
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

            bool? gatewayIsBridge = found.Gateway.Length == 0 || scan.HostAddresses is not { } hostAddresses
                ? null
                : GatewayOnItsBridge(found.Gateway, links, hostAddresses);
            containers.Add(new ContainerNode(
                found.Id, name, "", "", found.Inode, "", "", links, addresses.ToImmutable(), found.Gateway, gatewayIsBridge, found.NameSource));
        }

        containers.Sort((a, b) => StringComparer.Ordinal.Compare(a.Name, b.Name) is var byName and not 0 ? byName : StringComparer.Ordinal.Compare(a.Id, b.Id));
    }

    /// <summary>
    /// The container's netns and, if the container owns it, the interfaces in it, both read through
    /// /proc/PID with Docker's pid. By now the container may have exited and its pid gone to another
    /// process, in another container's namespace perhaps. So the netns is read again after the
    /// listing, and the process's start time is checked last: a process keeps its pid for life, so
    /// if the pid still belongs to the container's process, it did throughout the reads. A failed
    /// check leaves the container without netns and interfaces, counted and logged.
    /// </summary>
    private (ulong? Netns, ImmutableArray<NetInterface> Inside, string Gateway) ReadNamespace(DockerContainer container, ulong? hostNetns, DateTimeOffset? bootTime)
    {
        var nsLink = paths.ProcessNetNamespace(container.Pid);
        if (!NetNamespaceReader.TryRead(nsLink, out var netns, out var denied))
        {
            readErrors.Discovery();
            Log.UnreadableNetns(logger, container.Name, container.Pid);
            if (denied && !warnedOfDenial)
            {
                warnedOfDenial = true;
                Log.NamespacesDenied(logger, nsLink);
            }

            return (null, [], "");
        }

        var ownsNamespace = OwnsNamespace(container, netns, hostNetns);
        var inside = ownsNamespace ? netClass.ReadAll(paths.ProcessNetClass(container.Pid)) : [];

        // Through /proc/PID/net, which shows the process's namespace. Unreadable, it is left out: the gateway is not the mapping.
        var gateway = ownsNamespace && RouteTable.TryReadDefaultGateway(paths.ProcessRoutes(container.Pid), out var read) ? read : "";
        if (ownsNamespace && ReadNetns(nsLink) is var after && after != netns)
        {
            readErrors.Discovery();
            Log.NetnsChanged(logger, container.Name, container.Pid, netns, after);
            return (null, [], "");
        }

        return IsDockersProcess(container, bootTime) ? (netns, inside, gateway) : (null, [], "");
    }

    /// <summary>
    /// Whether the process holding the container's pid started when Docker says the container did.
    /// Without Docker's StartedAt there is nothing to check against, and the pid is taken as it is.
    /// </summary>
    private bool IsDockersProcess(DockerContainer container, DateTimeOffset? bootTime)
    {
        if (container.StartedAt is not { } dockerStartedAt)
        {
            return true;
        }

        if (bootTime is not { } boot || !ProcessStartTime.TryRead(paths.ProcessStat(container.Pid), boot, out var processStartedAt))
        {
            readErrors.Discovery();
            Log.UnreadableStartTime(logger, container.Name, container.Pid);
            return false;
        }

        var offset = processStartedAt - dockerStartedAt;
        if (offset > MaxStartAfterDocker || offset < -MaxStartBeforeDocker)
        {
            readErrors.Discovery();
            Log.NotTheContainersProcess(logger, container.Name, container.Pid, processStartedAt, dockerStartedAt);
            if (!warnedOfStartTime)
            {
                // A reused pid is a passing thing; many containers refused at once is a clock stepped since they started.
                warnedOfStartTime = true;
                Log.StartTimeMismatch(logger, container.Name, processStartedAt, dockerStartedAt);
            }

            return false;
        }

        return true;
    }

    private VethLink? MapToVeth(
        DockerContainer container,
        NetInterface inside,
        Dictionary<int, NetInterface> hostByIndex,
        Dictionary<string, DockerNetwork> networksByBridge)
    {
        var endpoint = container.Endpoints.FirstOrDefault(e => e.MacAddress.Length > 0 && e.MacAddress == inside.Address);
        return PairedVeth(container.Name, inside, hostByIndex, vouchedFor: endpoint is not null) is { } veth
            ? Link(inside, veth, networksByBridge, endpoint?.Network)
            : null;
    }

    /// <summary>
    /// The host veth at the other end of <paramref name="inside"/>, or null.
    /// A device with no peer (dummy, tap, a bridge inside the container) reports its own ifindex as
    /// iflink, and would "pair" with a host device that does the same; a veth pair whose ends have
    /// equal ifindexes looks alike, so in that case only a runtime's endpoint MAC vouches for it.
    /// </summary>
    private NetInterface? PairedVeth(string owner, NetInterface inside, Dictionary<int, NetInterface> hostByIndex, bool vouchedFor)
    {
        if (inside.Name == "lo")
        {
            return null;
        }

        var selfLinked = inside.IfLink == inside.IfIndex;
        if (!hostByIndex.TryGetValue(inside.IfLink, out var veth) || veth.IfLink != inside.IfIndex
            || veth.IsBridge || veth.IsPhysical || veth.Name == "lo" || (selfLinked && !vouchedFor))
        {
            Log.NoHostPeer(logger, owner, inside.Name, inside.IfIndex, inside.IfLink);
            return null;
        }

        return veth;
    }

    /// <param name="endpointNetwork">The network of the runtime's endpoint with this MAC, for a veth on a bridge no network names.</param>
    private static VethLink Link(NetInterface inside, NetInterface veth, Dictionary<string, DockerNetwork> networksByBridge, string? endpointNetwork)
    {
        var bridge = veth.Master ?? "";
        var network = networksByBridge.TryGetValue(bridge, out var dockerNetwork)
            ? dockerNetwork.Name
            : endpointNetwork ?? "";

        // Read through netlink, the interface has no directory of its own to show: its veth stands for it.
        var interfaceDirectory = inside.Directory.Length > 0 ? inside.Directory : veth.Directory;
        return new VethLink(inside.Name, interfaceDirectory, veth.Name, veth.IfIndex, veth.Directory, bridge, network, inside.Address);
    }

    private static ImmutableArray<IpAssignment> Addresses(DockerContainer container, ImmutableArray<NetInterface> inside)
    {
        var addresses = ImmutableArray.CreateBuilder<IpAssignment>();
        foreach (var endpoint in container.Endpoints.OrderBy(e => e.Network, StringComparer.Ordinal))
        {
            var interfaceName = endpoint.MacAddress.Length == 0 ? "" : inside.FirstOrDefault(i => i.Address == endpoint.MacAddress)?.Name ?? "";
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
        DockerInventory inventory,
        Dictionary<string, NetInterface> hostByName,
        Dictionary<string, DockerNetwork> networksByBridge,
        ImmutableArray<ContainerNode>.Builder containers,
        HashSet<string> mappedVeths)
    {
        var names = new SortedSet<string>(networksByBridge.Keys, StringComparer.Ordinal);
        foreach (var link in containers.SelectMany(c => c.Interfaces))
        {
            if (link.Bridge.Length > 0)
            {
                names.Add(link.Bridge);
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
            var subnets = network is null ? [] : network.Subnets.Select(s => Subnet(s, network, inventory)).ToImmutableArray();
            bridges.Add(new BridgeNode(
                name, device.IfIndex, device.Directory,
                network?.Name ?? "", network?.Id ?? "", network?.Driver ?? "",
                subnets,
                device.BridgePorts.Length,
                device.BridgePorts.Count(port => !mappedVeths.Contains(port))));
        }

        return bridges.ToImmutable();
    }

    private static BridgeSubnet Subnet(DockerSubnet subnet, DockerNetwork network, DockerInventory inventory)
    {
        var gateway = GatewayOf(subnet, network, inventory);
        var assigned = inventory.Containers.Values
            .SelectMany(c => c.Endpoints)
            .Count(e => e.NetworkId == network.Id
                && (SubnetAddresses.Contains(subnet.Subnet, e.IPv4Address) || SubnetAddresses.Contains(subnet.Subnet, e.IPv6Address)));
        return new BridgeSubnet(subnet.Subnet, gateway, SubnetAddresses.Capacity(subnet.Subnet, gateway), assigned);
    }

    /// <summary>
    /// Docker 20.10 leaves Gateway out of the default bridge's IPAM config; the gateway is then the
    /// bridge's own address, which Docker also reports as every endpoint's Gateway on that network.
    /// </summary>
    private static string GatewayOf(DockerSubnet subnet, DockerNetwork network, DockerInventory inventory)
    {
        // Endpoints report an IPv4 gateway here; an IPv6 subnet without one stays without.
        if (subnet.Gateway.Length > 0 || subnet.Subnet.Contains(':', StringComparison.Ordinal))
        {
            return subnet.Gateway;
        }

        return inventory.Containers.Values
            .SelectMany(c => c.Endpoints)
            .Where(e => e.NetworkId == network.Id && e.Gateway.Length > 0)
            .Select(e => e.Gateway)
            .Order(StringComparer.Ordinal)
            .FirstOrDefault() ?? "";
    }

    private ulong? ReadHostNetns()
    {
        foreach (var candidate in paths.HostNetNamespaceCandidates)
        {
            if (ReadNetns(candidate) is { } inode)
            {
                return inode;
            }
        }

        readErrors.Discovery();
        return null;
    }

    private static ulong? ReadNetns(string nsLink) => NetNamespaceReader.TryRead(nsLink, out var inode, out _) ? inode : null;

    /// <summary>
    /// Whether a container's default gateway is the address Docker gave a bridge of its networks:
    /// an endpoint's gateway, or the IPAM gateway of the network's subnets. Null without a gateway.
    /// Docker's word, which stands where the host's own addresses cannot be read (see
    /// <see cref="JudgeGatewaysByBridgeAddresses"/>).
    /// </summary>
    private static bool? GatewayIsBridge(string gateway, DockerContainer container, ImmutableDictionary<string, DockerNetwork> networks) =>
        gateway.Length == 0
            ? null
            : container.Endpoints.Any(e => e.Gateway == gateway
                || (networks.TryGetValue(e.NetworkId, out var network) && network.Subnets.Any(s => s.Gateway == gateway)));

    /// <summary>
    /// With the host's addresses at hand, a mapped container's gateway is judged by the kernel's
    /// word, the addresses its bridges actually hold, rather than by what Docker's IPAM says they
    /// should: a bridge readdressed by hand, or a network whose IPAM gateway Docker leaves out, is
    /// then told right. Containers with no mapped veth keep Docker's word, and so do those on a
    /// bridge the host's addresses do not cover: after events, they are the last full sync's, from
    /// before a network created since.
    /// </summary>
    private static void JudgeGatewaysByBridgeAddresses(
        ImmutableArray<ContainerNode>.Builder containers, ImmutableDictionary<string, ImmutableArray<string>> hostAddresses)
    {
        for (var i = 0; i < containers.Count; i++)
        {
            if (containers[i] is { Gateway.Length: > 0, Interfaces.IsEmpty: false } container
                && container.Interfaces.All(l => hostAddresses.ContainsKey(l.Bridge)))
            {
                containers[i] = container with { GatewayIsBridge = GatewayOnItsBridge(container.Gateway, container.Interfaces, hostAddresses) };
            }
        }
    }

    /// <summary>Whether the gateway is an address the host holds on a bridge one of these veths hangs on.</summary>
    private static bool GatewayOnItsBridge(string gateway, IEnumerable<VethLink> links, ImmutableDictionary<string, ImmutableArray<string>> hostAddresses) =>
        links.Any(l => hostAddresses.TryGetValue(l.Bridge, out var bridgeAddresses) && bridgeAddresses.Contains(gateway));

    /// <summary>host mode shares the host's interfaces and container: mode the owner's: neither has a veth of its own.</summary>
    private static bool OwnsNamespace(DockerContainer container, ulong? netns, ulong? hostNetns) =>
        !container.UsesHostNetwork && !container.JoinsAnotherNamespace && netns != hostNetns && container.Pid > 0;

    private sealed record NamespaceRead(DockerContainer Container, ulong? Netns, ImmutableArray<NetInterface> Inside, string Gateway);
}
