namespace DockerNetExporter.Kernel.Netlink;

/// <summary>
/// What rtnetlink shows of a network namespace from inside it: the seam through which tests give
/// the kernel scan a namespace's links, addresses and routes without entering one.
/// </summary>
internal interface INetlinkReader
{
    /// <summary>
    /// The namespace behind <paramref name="netnsPath"/> (/run/netns/NAME, /proc/PID/ns/net), or null
    /// with the errno that stopped the read. The exporter's own namespace (<paramref name="ownNetnsPath"/>,
    /// /proc/self/ns/net) is read without entering it, so without CAP_SYS_ADMIN.
    /// </summary>
    NamespaceView? TryRead(string netnsPath, string ownNetnsPath, out int error);
}
