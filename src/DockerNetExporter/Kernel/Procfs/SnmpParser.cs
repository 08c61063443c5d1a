namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// /proc/PID/net/snmp, written by snmp_seq_show (net/ipv4/proc.c): the namespace's IP, ICMP, TCP,
/// UDP and UDP-Lite counters as <see cref="SnmpTable"/> pairs of lines; only IP's drops and TCP's and
/// UDP's counters are taken. One parser serves every namespace: the columns found are the kernel's,
/// the same in all of them.
/// </summary>
internal sealed class SnmpParser : IProtocolParser<SnmpCounters>
{
    private readonly SnmpTable table = new(
        // snmp_seq_show_ipstats: "Ip: Forwarding DefaultTTL", then the names of snmp4_ipstats_list;
        // values " %llu". IPSTATS_MIB_INDISCARDS, _OUTDISCARDS, _OUTNOROUTES, _REASMFAILS.
        ("Ip", ["InDiscards", "OutDiscards", "OutNoRoutes", "ReasmFails"]),
        // snmp_seq_show_tcp_udp, snmp4_tcp_list; values " %lu", but MaxConn " %ld" (-1), not taken.
        // TCP_MIB_INSEGS, _OUTSEGS, _RETRANSSEGS, _INERRS, _OUTRSTS, and _CURRESTAB, a count of sockets now.
        ("Tcp", ["InSegs", "OutSegs", "RetransSegs", "InErrs", "OutRsts", "CurrEstab"]),
        // snmp_seq_show_tcp_udp, snmp4_udp_list; values " %lu". UDP_MIB_INDATAGRAMS, _OUTDATAGRAMS,
        // _RCVBUFERRORS (receive buffer full), _SNDBUFERRORS, _NOPORTS (no socket bound), _INERRORS.
        // "UdpLite:" follows with the same names: the colon keeps it apart.
        ("Udp", ["InDatagrams", "OutDatagrams", "RcvbufErrors", "SndbufErrors", "NoPorts", "InErrors"]));

    public bool TryParse(ReadOnlySpan<byte> text, out SnmpCounters counters)
    {
        Span<ulong> v = stackalloc ulong[table.FieldCount];
        var taken = table.Parse(text, v);
        counters = new SnmpCounters(
            (taken & 1) != 0 ? new IpCounters(v[0], v[1], v[2], v[3]) : null,
            (taken & 2) != 0 ? new TcpCounters(v[4], v[5], v[6], v[7], v[8], v[9]) : null,
            (taken & 4) != 0 ? new UdpCounters(v[10], v[11], v[12], v[13], v[14], v[15]) : null);
        return taken != 0;
    }
}
