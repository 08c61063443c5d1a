using System.Collections.Immutable;

namespace DockerNetExporter.Kernel.Netlink;

/// <summary>What netlink shows of one network namespace: its links, their addresses and its IPv4 default gateway.</summary>
/// <param name="Gateway">The IPv4 default gateway of the main table, or null.</param>
internal sealed record NamespaceView(ImmutableArray<NetlinkLink> Links, ImmutableArray<NetlinkAddress> Addresses, string? Gateway)
{
    /// <summary>Filled by <see cref="NetlinkMessages.TryParse"/> as the dump replies arrive.</summary>
    internal sealed class Builder
    {
        public List<NetlinkLink> Links { get; } = [];

        public List<NetlinkAddress> Addresses { get; } = [];

        public string? Gateway { get; set; }

        public uint GatewayPriority { get; set; }

        /// <summary>
        /// A dump the kernel interrupted (NLM_F_DUMP_INTR, a link added or removed meanwhile) may
        /// repeat a link: the last word on each ifindex stands.
        /// </summary>
        public NamespaceView ToView() =>
            new([.. Links.GroupBy(l => l.IfIndex).Select(g => g.Last())], [.. Addresses.Distinct()], Gateway);
    }
}

/// <param name="IfLink">IFLA_LINK, as sysfs's iflink: a veth's peer's ifindex, else the link's own.</param>
/// <param name="Address">IFLA_ADDRESS as sysfs prints it (aa:bb:cc:dd:ee:ff), or empty.</param>
/// <param name="Master">IFLA_MASTER: the ifindex of the bridge it is a port of, or 0.</param>
/// <param name="Kind">IFLA_INFO_KIND: its driver (veth, bridge, vxlan...), or empty.</param>
/// <param name="Vni">For a vxlan, its VXLAN network identifier (IFLA_VXLAN_ID); else null.</param>
internal sealed record NetlinkLink(int IfIndex, int IfLink, string Name, string Address, int Master = 0, string Kind = "", uint? Vni = null);

/// <param name="Family">ipv4 or ipv6.</param>
internal sealed record NetlinkAddress(int IfIndex, string Family, string Address);
