using DockerNetExporter.Kernel.Netlink;

namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// Opens a network namespace's TCP, UDP and IP counters (/proc/net/snmp, netstat, snmp6) as
/// <see cref="NamespaceNetDev"/> opens its net/dev: through a process in it, or, for a namespace no
/// process holds (ip netns add), from inside it. Each file is kept only if it was opened in the
/// namespace asked for.
/// </summary>
internal sealed class NamespaceProtocolFiles(INetlinkReader netlink, KernelPaths paths)
{
    private readonly SnmpParser snmpParser = new();
    private readonly NetstatParser netstatParser = new();
    private readonly Snmp6Parser snmp6Parser = new();

    /// <param name="netDevPath">/proc/PID/net/dev of a process in the namespace (the files are beside it), or empty for one no process holds.</param>
    /// <param name="netnsPath">That process's /proc/PID/ns/net, or the file that holds the namespace.</param>
    /// <param name="netns">The namespace's inode.</param>
    public ProtocolFiles Open(string netDevPath, string netnsPath, ulong netns, OpenFileBudget budget) =>
        netDevPath.Length > 0
            ? OpenIn(Path.GetDirectoryName(netDevPath) ?? "", netnsPath, netns, budget)
            : netlink.TryOpenInside(netnsPath, paths.SelfNetNamespace, self => OpenIn(self + "/net", self + "/ns/net", netns, budget), out _)
                ?? ProtocolFiles.None;

    private ProtocolFiles OpenIn(string net, string netnsLink, ulong netns, OpenFileBudget budget)
    {
        var snmp = Path.Combine(net, "snmp");
        var snmp6 = Path.Combine(net, "snmp6");
        return new ProtocolFiles(
            ProtocolFile.TryOpenOfNamespace(snmp, netnsLink, netns, budget, snmpParser),
            ProtocolFile.TryOpenOfNamespace(Path.Combine(net, "netstat"), netnsLink, netns, budget, netstatParser),
            ProtocolFile.TryOpenOfNamespace(snmp6, netnsLink, netns, budget, snmp6Parser),
            hasIpv6: Path.Exists(snmp6) || !Path.Exists(snmp));
    }
}
