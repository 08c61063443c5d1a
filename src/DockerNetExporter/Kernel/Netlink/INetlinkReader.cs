using DockerNetExporter.Kernel.Procfs;

namespace DockerNetExporter.Kernel.Netlink;

/// <summary>
/// What rtnetlink shows of a network namespace from inside it: the seam through which tests give
/// the kernel scan a namespace's links, addresses and routes without entering one, and the mapping
/// the kernel's word on where the host's veths lead.
/// </summary>
internal interface INetlinkReader
{
    /// <summary>
    /// The namespace behind <paramref name="netnsPath"/> (/run/netns/NAME, /proc/PID/ns/net), or null
    /// with the errno that stopped the read. The exporter's own namespace (<paramref name="ownNetnsPath"/>,
    /// /proc/self/ns/net) is read without entering it, so without CAP_SYS_ADMIN.
    /// </summary>
    NamespaceView? TryRead(string netnsPath, string ownNetnsPath, out int error);

    /// <summary>
    /// From inside the host namespace (<paramref name="hostNetnsPath"/>, entered as <see cref="TryRead"/>
    /// enters one): one link dump, which gives each link whose peer is in another namespace the
    /// peer's ifindex and nsid, then each of <paramref name="namespaces"/> opened, checked to be the
    /// inode it was read as (a pid reused since cannot put another namespace in its place), and
    /// asked its nsid, unless it is <see cref="NamespaceFile.Kept"/> and was placed by the last
    /// call; the nsids are given back as those namespaces' inodes. Null with the errno if
    /// the host namespace could not be entered or dumped; a namespace that cannot be placed is left
    /// out of <see cref="LinkPeers.Identified"/>.
    /// </summary>
    LinkPeers? TryReadPeers(string hostNetnsPath, string ownNetnsPath, IReadOnlyCollection<NamespaceFile> namespaces, out int error);

    /// <summary>
    /// The same from inside another namespace (an overlay network's sandbox, whose veths lead into
    /// containers): every one of <paramref name="namespaces"/> is asked afresh, and nothing of the
    /// host's nsids is kept or changed.
    /// </summary>
    LinkPeers? TryReadPeersFrom(string netnsPath, string ownNetnsPath, IReadOnlyCollection<NamespaceFile> namespaces, out int error);

    /// <summary>
    /// Files of the namespace behind <paramref name="netnsPath"/>, opened from inside it (entered as
    /// <see cref="TryRead"/> enters one) by <paramref name="open"/>, on a thread of its own, given
    /// that thread's procfs directory (/proc/thread-self, whose net/ is the namespace's and whose
    /// ns/net proves which it is): the files of a namespace no process holds. Null with the errno if
    /// it cannot be entered, if <paramref name="open"/> gives none, or if it takes too long (what it
    /// opens after that is closed).
    /// </summary>
    TFiles? TryOpenInside<TFiles>(string netnsPath, string ownNetnsPath, Func<string, TFiles?> open, out int error)
        where TFiles : class, IDisposable;
}
