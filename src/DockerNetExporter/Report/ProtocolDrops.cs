using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Report;

/// <summary>
/// What a container's own network namespace dropped or sent again, since the namespace was made, as
/// its /proc/net/snmp, netstat and snmp6 say (the counters of the dockernet_container_tcp_*, _udp_*
/// and _ip_* families). UDP and IP are IPv4 and IPv6 together. A count whose file or section could
/// not be read is null.
/// </summary>
internal sealed record ProtocolDrops(
    ulong? TcpListenOverflows,
    ulong? TcpListenDrops,
    ulong? TcpBacklogDrops,
    ulong? TcpSegmentsRetransmitted,
    ulong? UdpReceiveBufferErrors,
    ulong? UdpSendBufferErrors,
    ulong? IpInputDiscards,
    ulong? IpOutputDiscards)
{
    /// <summary>
    /// Each mapped namespace's drops, read once, by the name of the container that owns it
    /// (<see cref="TopologySnapshot.NamespaceOwners"/>, as its series are); a namespace whose files
    /// cannot be opened, or are past <paramref name="budget"/>, is left out.
    /// </summary>
    public static Dictionary<string, ProtocolDrops> Read(TopologySnapshot snapshot, NamespaceProtocolFiles protocolFiles, OpenFileBudget budget)
    {
        var drops = new Dictionary<string, ProtocolDrops>(StringComparer.Ordinal);
        foreach (var container in snapshot.NamespaceOwners)
        {
            var own = container.OwnFiles!;
            using var files = protocolFiles.Open(own.NetDevPath, own.NetnsPath, own.Netns, budget);
            if (Of(files) is { } read)
            {
                drops[container.Name] = read;
            }
        }

        return drops;
    }

    private static ProtocolDrops? Of(ProtocolFiles files)
    {
        SnmpCounters v4 = default;
        TcpExtCounters ext = default;
        Snmp6Counters v6 = default;
        var hasV4 = files.Snmp?.TryRead(out v4) == true;
        var hasExt = files.Netstat?.TryRead(out ext) == true;
        var hasV6 = files.Snmp6?.TryRead(out v6) == true;
        if (!hasV4 && !hasExt && !hasV6)
        {
            return null;
        }

        // IPv6's part is left out only where the kernel counts no IPv6; else a count missing it is unknown.
        var withV6 = files.HasIpv6;
        return new ProtocolDrops(
            hasExt ? ext.ListenOverflows : null,
            hasExt ? ext.ListenDrops : null,
            hasExt ? ext.BacklogDrop : null,
            v4.Tcp?.RetransSegs,
            Sum(v4.Udp?.RcvbufErrors, v6.Udp6?.RcvbufErrors, withV6),
            Sum(v4.Udp?.SndbufErrors, v6.Udp6?.SndbufErrors, withV6),
            Sum(v4.Ip?.InDiscards, v6.Ip6?.InDiscards, withV6),
            Sum(v4.Ip?.OutDiscards, v6.Ip6?.OutDiscards, withV6));
    }

    /// <param name="withIpv6">Whether the kernel counts IPv6, whose part must then be known.</param>
    private static ulong? Sum(ulong? ipv4, ulong? ipv6, bool withIpv6) =>
        ipv4 is { } four && (ipv6 is not null || !withIpv6) ? four + (ipv6 ?? 0) : null;
}
