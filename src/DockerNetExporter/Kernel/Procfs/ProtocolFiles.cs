namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// One network namespace's /proc/net/snmp, netstat and snmp6, kept open (null where one could not
/// be opened). A kernel without IPv6 (booted with ipv6.disable=1) has no snmp6 in any namespace:
/// then <see cref="HasIpv6"/> is false, and its absence is no failure.
/// </summary>
internal sealed class ProtocolFiles(
    ProtocolFile<SnmpCounters>? snmp, ProtocolFile<TcpExtCounters>? netstat, ProtocolFile<Snmp6Counters>? snmp6, bool hasIpv6) : IDisposable
{
    /// <summary>None opened: what a namespace gets whose files could not be opened at all.</summary>
    public static ProtocolFiles None { get; } = new(null, null, null, hasIpv6: true);

    public ProtocolFile<SnmpCounters>? Snmp => snmp;

    public ProtocolFile<TcpExtCounters>? Netstat => netstat;

    public ProtocolFile<Snmp6Counters>? Snmp6 => snmp6;

    /// <summary>Whether the kernel counts IPv6: snmp6 is there beside snmp.</summary>
    public bool HasIpv6 => hasIpv6;

    /// <summary>Whether every file the kernel has was opened.</summary>
    public bool HasAll => snmp is not null && netstat is not null && (snmp6 is not null || !hasIpv6);

    public void Dispose()
    {
        snmp?.Dispose();
        netstat?.Dispose();
        snmp6?.Dispose();
    }
}
