namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// IP's drop counters of one network namespace (include/uapi/linux/snmp.h, IPSTATS_MIB_*), the same
/// fields for IPv4 (/proc/PID/net/snmp, "Ip:") and IPv6 (/proc/PID/net/snmp6, "Ip6").
/// </summary>
internal readonly record struct IpCounters(ulong InDiscards, ulong OutDiscards, ulong OutNoRoutes, ulong ReasmFails);

/// <summary>TCP's counters of one namespace (TCP_MIB_*, "Tcp:" in /proc/PID/net/snmp); CurrEstab is a gauge.</summary>
internal readonly record struct TcpCounters(ulong InSegs, ulong OutSegs, ulong RetransSegs, ulong InErrs, ulong OutRsts, ulong CurrEstab);

/// <summary>
/// UDP's counters of one namespace (UDP_MIB_*), the same fields for IPv4 ("Udp:" in
/// /proc/PID/net/snmp) and IPv6 ("Udp6" in /proc/PID/net/snmp6).
/// </summary>
internal readonly record struct UdpCounters(ulong InDatagrams, ulong OutDatagrams, ulong RcvbufErrors, ulong SndbufErrors, ulong NoPorts, ulong InErrors);

/// <summary>The accept-queue and backlog drops of one namespace (LINUX_MIB_*, "TcpExt:" in /proc/PID/net/netstat).</summary>
internal readonly record struct TcpExtCounters(ulong ListenOverflows, ulong ListenDrops, ulong BacklogDrop);

/// <summary>What /proc/PID/net/snmp gives: each section null where the file has no whole, well-formed one.</summary>
internal readonly record struct SnmpCounters(IpCounters? Ip, TcpCounters? Tcp, UdpCounters? Udp);

/// <summary>What /proc/PID/net/snmp6 gives: each section null where the file lacks one of its fields.</summary>
internal readonly record struct Snmp6Counters(IpCounters? Ip6, UdpCounters? Udp6);
