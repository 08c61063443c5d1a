namespace DockerNetExporter.Kernel.Netlink;

/// <summary>A VXLAN device as netlink shows it: the tunnel end whose counters are the encapsulated traffic's.</summary>
/// <param name="Vni">Its VXLAN network identifier (IFLA_VXLAN_ID).</param>
internal sealed record VxlanDevice(string Name, int IfIndex, uint Vni);
