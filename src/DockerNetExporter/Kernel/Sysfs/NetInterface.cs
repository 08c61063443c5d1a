using System.Collections.Immutable;

namespace DockerNetExporter.Kernel.Sysfs;

/// <summary>
/// One network interface as its namespace's /sys/class/net shows it at discovery time.
/// </summary>
/// <param name="Name">The directory name under class/net.</param>
/// <param name="Directory">The interface directory, for the files read at scrape time.</param>
/// <param name="IfIndex">class/net/IFACE/ifindex: unique within its namespace only.</param>
/// <param name="IfLink">class/net/IFACE/iflink: for a veth, the peer's ifindex in the peer's namespace.</param>
/// <param name="Address">class/net/IFACE/address, the MAC address.</param>
/// <param name="Master">The name the class/net/IFACE/master link points to (the bridge of a bridge port), or null.</param>
/// <param name="BridgePorts">For a bridge, the entries of class/net/IFACE/brif; empty otherwise.</param>
/// <param name="IsBridge">Whether class/net/IFACE/bridge exists.</param>
/// <param name="IsPhysical">Whether class/net/IFACE/device exists: a NIC on a bus, never a veth.</param>
internal sealed record NetInterface(
    string Name,
    string Directory,
    int IfIndex,
    int IfLink,
    string Address,
    string? Master,
    ImmutableArray<string> BridgePorts,
    bool IsBridge,
    bool IsPhysical);
