namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// /proc/PID/net/netstat, written by netstat_seq_show (net/ipv4/proc.c): the namespace's Linux
/// counters as <see cref="SnmpTable"/> pairs of lines, "TcpExt:" (snmp4_net_list, values " %lu"),
/// "IpExt:" and "MPTcpExt:"; only TCP's accept-queue and backlog drops are taken. One parser serves
/// every namespace, as <see cref="SnmpParser"/> does.
/// </summary>
internal sealed class NetstatParser : IProtocolParser<TcpExtCounters>
{
    private readonly SnmpTable table = new(
        // LINUX_MIB_LISTENOVERFLOWS (accept queue full), LINUX_MIB_LISTENDROPS (every SYN or ACK a
        // listener dropped, overflows included), LINUX_MIB_TCPBACKLOGDROP (socket backlog over its limit).
        ("TcpExt", ["ListenOverflows", "ListenDrops", "TCPBacklogDrop"]));

    public bool TryParse(ReadOnlySpan<byte> text, out TcpExtCounters counters)
    {
        Span<ulong> v = stackalloc ulong[table.FieldCount];
        var taken = table.Parse(text, v) != 0;
        counters = taken ? new TcpExtCounters(v[0], v[1], v[2]) : default;
        return taken;
    }
}
