namespace DockerNetExporter.Kernel.Netlink;

/// <summary>
/// The kernel's word, in the host namespace, on which namespace each host link's peer is in: for a
/// veth, where its other end is. A container that copies a victim's pair of indices into its own
/// namespace (ip link add x index E type veth peer name y index V) fools a match of indices, not this.
/// </summary>
/// <param name="Peers">
/// By host ifindex, each link whose peer is in another namespace: the peer's ifindex there and that
/// namespace's inode, or null where it is none of the namespaces asked about.
/// </param>
/// <param name="Identified">
/// The inodes of the namespaces asked about that the kernel placed: opened, checked to be the
/// namespace asked about, and given their nsid (or told they have none, so no host link leads there).
/// A namespace not among them may own any host veth, as far as this read can tell.
/// </param>
internal sealed record LinkPeers(IReadOnlyDictionary<int, LinkPeer> Peers, IReadOnlySet<ulong> Identified)
{
    /// <summary>No namespace asked about, none placed.</summary>
    public static LinkPeers None { get; } = new(new Dictionary<int, LinkPeer>(), new HashSet<ulong>());
}

/// <param name="IfIndex">The peer's ifindex in its namespace (IFLA_LINK).</param>
/// <param name="Netns">The inode of the peer's namespace, if it is one of those asked about.</param>
internal readonly record struct LinkPeer(int IfIndex, ulong? Netns);

/// <summary>A namespace to place: a file that holds it (/proc/PID/ns/net, /run/netns/NAME) and the inode it was read as.</summary>
/// <param name="Kept">
/// Whether its read is kept from the last mapping, so that the nsid the kernel gave it then may
/// stand: an nsid is the namespace's for as long as it lives, and when it dies its veths die with
/// it, and a host ifindex is not handed out again.
/// </param>
internal sealed record NamespaceFile(string Path, ulong Inode, bool Kept = false);
