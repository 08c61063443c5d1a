using System.Text;

namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// /proc/PID/net/snmp6, written by snmp6_seq_show (net/ipv6/proc.c): one counter a line, its name
/// padded to 32 characters, a tab, its value ("%-32s\t%llu\n", snmp6_seq_show_item64, for Ip6;
/// "%-32s\t%lu\n", snmp6_seq_show_item, for Icmp6, Udp6 and UdpLite6). Found by name, in any order;
/// a name's first line counts. A section is taken whole or not at all, as <see cref="SnmpTable"/>
/// takes them. Stateless: one parser serves every namespace.
/// </summary>
internal sealed class Snmp6Parser : IProtocolParser<Snmp6Counters>
{
    private const int Ip6Fields = 4;

    private static readonly byte[][] Names = [.. new[]
    {
        // snmp6_ipstats_list: IPSTATS_MIB_INDISCARDS, _OUTDISCARDS, _OUTNOROUTES, _REASMFAILS.
        "Ip6InDiscards", "Ip6OutDiscards", "Ip6OutNoRoutes", "Ip6ReasmFails",
        // snmp6_udp6_list: UDP_MIB_INDATAGRAMS, _OUTDATAGRAMS, _RCVBUFERRORS, _SNDBUFERRORS, _NOPORTS, _INERRORS.
        "Udp6InDatagrams", "Udp6OutDatagrams", "Udp6RcvbufErrors", "Udp6SndbufErrors", "Udp6NoPorts", "Udp6InErrors",
    }.Select(Encoding.ASCII.GetBytes)];

    private static readonly int AllIp6 = (1 << Ip6Fields) - 1;
    private static readonly int AllUdp6 = ((1 << Names.Length) - 1) & ~AllIp6;

    public bool TryParse(ReadOnlySpan<byte> text, out Snmp6Counters counters)
    {
        Span<ulong> v = stackalloc ulong[Names.Length];
        var seen = 0;
        var valid = 0;
        foreach (var range in text.Split((byte)'\n'))
        {
            var line = text[range];
            var blank = line.IndexOfAny((byte)' ', (byte)'\t');
            var field = blank > 0 ? FieldOf(line[..blank]) : -1;
            if (field < 0 || (seen & (1 << field)) != 0)
            {
                continue;
            }

            seen |= 1 << field;
            valid |= KernelNumbers.TryParseUInt64(line[blank..], out v[field]) ? 1 << field : 0;
        }

        counters = new Snmp6Counters(
            (valid & AllIp6) == AllIp6 ? new IpCounters(v[0], v[1], v[2], v[3]) : null,
            (valid & AllUdp6) == AllUdp6 ? new UdpCounters(v[4], v[5], v[6], v[7], v[8], v[9]) : null);
        return counters.Ip6 is not null || counters.Udp6 is not null;
    }

    private static int FieldOf(ReadOnlySpan<byte> name)
    {
        for (var i = 0; i < Names.Length; i++)
        {
            if (name.SequenceEqual(Names[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
