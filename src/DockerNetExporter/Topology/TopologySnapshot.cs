using System.Collections.Immutable;
using DockerNetExporter.Kernel.Netlink;

namespace DockerNetExporter.Topology;

/// <summary>
/// The host's container network picture at one moment: which container interface is which
/// host-side veth on which bridge. Immutable; published whole by <see cref="TopologyStore"/>.
/// What is not known is null throughout the model; labels and the report write it as "".
/// </summary>
/// <param name="Containers">Running containers, ordered by name.</param>
/// <param name="Bridges">Docker bridges and the bridges mapped veths hang on, ordered by name.</param>
/// <param name="SyncedAt">When the Docker data behind this picture was last confirmed, or null before the first sync.</param>
/// <param name="ForgedInterfaces">
/// Interfaces whose indices point at a host veth and back, left out because the kernel says that
/// veth's peer is in another namespace: indices copied (ip link add ... index), by a namespace with CAP_NET_ADMIN.
/// </param>
/// <param name="Overlays">The overlay networks whose sandbox namespace the kernel scan read, ordered by network name.</param>
internal sealed record TopologySnapshot(
    ImmutableArray<ContainerNode> Containers,
    ImmutableArray<BridgeNode> Bridges,
    DateTimeOffset? SyncedAt,
    int ForgedInterfaces = 0,
    ImmutableArray<OverlayNode> Overlays = default)
{
    public static TopologySnapshot Empty { get; } = new([], [], null);

    public ImmutableArray<OverlayNode> Overlays { get; init; } = Overlays.IsDefault ? [] : Overlays;

    /// <summary>The gateway of each IPAM subnet of each of the runtime's networks, any driver, and where it is.</summary>
    public ImmutableArray<NetworkGateway> NetworkGateways { get; init; } = [];

    /// <summary>
    /// Each mapped namespace whose own files can be read, once, under the container whose interfaces
    /// are mapped in it (those sharing it with --network container: have none): whose protocol
    /// counters are served, and shown, under its name.
    /// </summary>
    public IEnumerable<ContainerNode> NamespaceOwners =>
        Containers.Where(c => c.OwnFiles is not null && c.Interfaces.Length > 0).DistinctBy(c => c.OwnFiles!.Netns);
}

/// <summary>An overlay network on this host, as its sandbox namespace shows it.</summary>
/// <param name="Sandbox">The sandbox's name: its file's under /run/docker/netns (1-ID10).</param>
/// <param name="SandboxPath">That file, through which the sandbox is entered to read its counters.</param>
/// <param name="SandboxNetns">The sandbox's namespace inode.</param>
/// <param name="Bridge">Its bridge (br0), or null.</param>
/// <param name="Vxlan">Its VXLAN device (vxlan0) and VNI, or null where netlink showed none.</param>
internal sealed record OverlayNode(string Network, string NetworkId, string Sandbox, string SandboxPath, ulong SandboxNetns, string? Bridge, VxlanDevice? Vxlan);

/// <param name="Id">The runtime's container id, or the one a kernel-found namespace's cgroup names; null for neither.</param>
/// <param name="Image">The image, NetworkMode, ComposeProject and ComposeService: as the runtime says (NetworkMode container:ID as container:NAME, the owner's name); null where it says none, and for a namespace found in the kernel.</param>
/// <param name="Netns">The network namespace inode, shared by containers of --network container:X; null if unreadable.</param>
/// <param name="Interfaces">The container's interfaces that pair with a host-side veth; empty for host, none and container: modes.</param>
/// <param name="Gateway">The IPv4 default gateway in the container's own namespace (its routing table), or null.</param>
/// <param name="GatewayVerdict">
/// Where <paramref name="Gateway"/> is (see <see cref="GatewayJudge"/>): on its bridge, on another
/// host interface, or outside the host; null without a gateway, or without any word on it.
/// </param>
/// <param name="NameSource">Where <paramref name="Name"/> came from: the runtime's API, else what the kernel shows.</param>
/// <param name="PublishedPorts">The ports the host publishes to it, as the runtime says (none for a namespace found in the kernel).</param>
/// <param name="OwnFiles">
/// Where its namespace's own files are read: through a process in it (/proc/PID/net/dev, beside which
/// are snmp, netstat and snmp6), or, for a namespace found in the kernel that only a file keeps, from
/// inside it through that file; with the proof it is still that namespace's. Null if unread.
/// </param>
/// <param name="Labels">The runtime's labels kept for it (--docker.container-labels), by name; null for none, and for a namespace found in the kernel.</param>
internal sealed record ContainerNode(
    string? Id,
    string Name,
    string? Image,
    string? NetworkMode,
    ulong? Netns,
    string? ComposeProject,
    string? ComposeService,
    ImmutableArray<VethLink> Interfaces,
    ImmutableArray<IpAssignment> Addresses,
    string? Gateway = null,
    GatewayVerdict? GatewayVerdict = null,
    NameSource NameSource = NameSource.Runtime,
    NamespaceCounters? OwnFiles = null,
    ImmutableArray<PublishedPort> PublishedPorts = default,
    ImmutableDictionary<string, string>? Labels = null)
{
    public ImmutableArray<PublishedPort> PublishedPorts { get; init; } = PublishedPorts.IsDefault ? [] : PublishedPorts;

    /// <summary>The id as docker ps shows it, 12 characters.</summary>
    public string? ShortId => Id is { Length: > 12 } id ? id[..12] : Id;
}

/// <summary>
/// A container interface and what is at its other end: on a bridge network the host-side veth, whose
/// statistics are its counters (<see cref="LinkKind.HostVeth"/>); on an overlay, macvlan or ipvlan
/// network, no host veth, and the counters are read in the container's own namespace (<see cref="OwnCounters"/>).
/// </summary>
/// <param name="Interface">The name inside the container, e.g. eth0.</param>
/// <param name="InterfaceDirectory">
/// The container's view of it, /proc/PID/root/sys/class/net/eth0, whose mtu and operstate are read
/// at scrape; for a namespace read through netlink, which has no such view, the veth's directory.
/// </param>
/// <param name="Veth">
/// The other end's name: the host veth; for an overlay interface, the veth in the network's sandbox
/// namespace as SANDBOX/VETH (1-abcdef0123/veth1), where the kernel proves it; else empty.
/// </param>
/// <param name="VethIfIndex">The other end's ifindex in its namespace, or 0 where there is none known.</param>
/// <param name="VethDirectory">/sys/class/net/VETH on the host; empty for a link with no host veth.</param>
/// <param name="Bridge">
/// The device the traffic is switched on: the host veth's master; for an overlay, the sandbox's bridge
/// as SANDBOX/br0; for macvlan and ipvlan, the parent as DRIVER:PARENT (macvlan:eth1). A '/' or ':'
/// is in no interface name (dev_valid_name), so neither is taken for a host bridge. Null if unknown.
/// </param>
/// <param name="Network">The runtime's network of that bridge (or of the endpoint with this MAC), or null.</param>
/// <param name="OwnCounters">Where the counters are read for a link with no host veth; null for a host veth.</param>
/// <param name="InterfaceIfIndex">The container interface's own ifindex: an interface made again under the same name (a network left and joined) is another.</param>
internal sealed record VethLink(
    string Interface,
    string InterfaceDirectory,
    string Veth,
    int VethIfIndex,
    string VethDirectory,
    string? Bridge,
    string? Network,
    string MacAddress,
    LinkKind Kind = LinkKind.HostVeth,
    NamespaceCounters? OwnCounters = null,
    int InterfaceIfIndex = 0);

/// <summary>What is at the other end of a container interface.</summary>
internal enum LinkKind
{
    /// <summary>A veth in the host namespace, its peer proven by the kernel.</summary>
    HostVeth,

    /// <summary>A veth in an overlay network's sandbox namespace (/run/docker/netns/1-ID), on its br0 beside vxlan0.</summary>
    Overlay,

    /// <summary>No peer: a macvlan or ipvlan interface on a parent device of the host.</summary>
    Parent,

    /// <summary>An interface of another driver's network, with no host veth: its other end is not known.</summary>
    Other,
}

/// <summary>A port of a container that the host forwards from <paramref name="HostIp"/>:<paramref name="HostPort"/>.</summary>
/// <param name="Protocol">tcp, udp or sctp.</param>
/// <param name="HostIp">The host address; empty for every address.</param>
internal sealed record PublishedPort(string Protocol, int ContainerPort, string HostIp, int HostPort)
{
    /// <summary>As docker ps shows it: 127.0.0.1:8080->80/tcp, [::]:8080->80/tcp, 8080->80/tcp.</summary>
    public override string ToString() => string.Create(
        System.Globalization.CultureInfo.InvariantCulture,
        $"{(HostIp.Length == 0 ? "" : HostIp.Contains(':', StringComparison.Ordinal) ? $"[{HostIp}]:" : HostIp + ":")}{HostPort}->{ContainerPort}/{Protocol}");
}

/// <summary>A container namespace's own counters file, and the proof it is still that namespace's when opened.</summary>
/// <param name="NetDevPath">/proc/PID/net/dev of the container's process; empty for a namespace no process holds, whose /proc/net/dev is opened from inside it.</param>
/// <param name="NetnsPath">/proc/PID/ns/net of the same process, or the file that holds the namespace.</param>
/// <param name="Netns">The namespace inode the mapping read.</param>
internal sealed record NamespaceCounters(string NetDevPath, string NetnsPath, ulong Netns);

/// <param name="Interface">The container interface with the endpoint's MAC, or null if none has it (or the runtime gave no MAC).</param>
/// <param name="Network">The runtime's network, or (for a namespace found in the kernel) its bridge's; null if none.</param>
/// <param name="Family">ipv4 or ipv6.</param>
internal sealed record IpAssignment(string? Interface, string? Network, string Family, string Address, string MacAddress);

/// <summary>A Linux bridge on the host, with the runtime's network it implements when there is one (else Network, NetworkId and Driver are null).</summary>
/// <param name="Ports">Interfaces attached (class/net/BRIDGE/brif).</param>
/// <param name="UnmappedPorts">Attached interfaces no running container accounts for.</param>
internal sealed record BridgeNode(
    string Name,
    int IfIndex,
    string Directory,
    string? Network,
    string? NetworkId,
    string? Driver,
    ImmutableArray<BridgeSubnet> Subnets,
    int Ports,
    int UnmappedPorts);

/// <param name="Gateway">The subnet's gateway as the runtime gave it (or its endpoints report), or null.</param>
/// <param name="Capacity">Addresses Docker can assign in the subnet (see <see cref="SubnetAddresses.Capacity"/>).</param>
/// <param name="Assigned">Running containers' endpoints on this network with an address in the subnet.</param>
internal sealed record BridgeSubnet(string Subnet, string? Gateway, double Capacity, int Assigned);

/// <summary>Where a container's name came from, best first.</summary>
internal enum NameSource
{
    /// <summary>The container runtime's API (Docker, or Podman's Docker-compatible API).</summary>
    Runtime,

    /// <summary>The container id in the cgroup path of the namespace's first process, shortened to 12 characters as docker ps does.</summary>
    Cgroup,

    /// <summary>The file that keeps the namespace (/run/netns/NAME, /run/docker/netns/NAME).</summary>
    NetnsFile,

    /// <summary>The name (comm) of the namespace's first process.</summary>
    Process,
}
