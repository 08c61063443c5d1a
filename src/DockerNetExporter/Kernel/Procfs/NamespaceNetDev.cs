using DockerNetExporter.Kernel.Netlink;

namespace DockerNetExporter.Kernel.Procfs;

/// <summary>
/// A network namespace's /proc/net/dev, kept open so that each read shows that namespace's
/// counters: through a process in it (/proc/PID/net/dev, no capability needed), or, for a namespace
/// no process holds (an overlay's sandbox, ingress_sbox), opened from inside it (CAP_SYS_ADMIN).
/// </summary>
internal sealed class NamespaceNetDev(INetlinkReader netlink, KernelPaths paths)
{
    /// <param name="netDevPath">/proc/PID/net/dev of a process in the namespace, or empty for one no process holds.</param>
    /// <param name="netnsPath">That process's /proc/PID/ns/net, or the file that holds the namespace.</param>
    /// <param name="netns">The namespace's inode: a file opened in another namespace is closed and null returned.</param>
    public NetDevFile? TryOpen(string netDevPath, string netnsPath, ulong netns, OpenFileBudget budget) =>
        netDevPath.Length > 0
            ? NetDevFile.TryOpenOfNamespace(netDevPath, netnsPath, netns, budget)
            : netlink.TryOpenInside(
                netnsPath, paths.SelfNetNamespace, self => NetDevFile.TryOpenOfNamespace(self + "/net/dev", self + "/ns/net", netns, budget), out _);
}
