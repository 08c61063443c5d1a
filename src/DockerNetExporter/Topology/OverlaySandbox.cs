using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Namespaces;
using DockerNetExporter.Runtime;

namespace DockerNetExporter.Topology;

/// <summary>
/// An overlay network's sandbox: Docker keeps each overlay network of this host in a namespace of
/// its own, held by the file /run/docker/netns/1-ID10 (a version, then the network id's first ten
/// characters; libnetwork's overlay driver), with br0, vxlan0 and a veth for each container on it.
/// </summary>
/// <param name="Namespace">The sandbox as the kernel scan read it.</param>
/// <param name="Peers">The kernel's word, from inside the sandbox, on where its veths lead; null if it could not be asked.</param>
internal sealed record OverlaySandbox(RuntimeNetwork Network, KernelNamespace Namespace, LinkPeers? Peers)
{
    private const int IdCharacters = 10;

    /// <summary>Each overlay network of the inventory whose sandbox the scan read, with the kernel's word from inside it (by the sandbox's inode) where there is one.</summary>
    public static IEnumerable<OverlaySandbox> FindAll(RuntimeInventory inventory, KernelScan scan, IReadOnlyDictionary<ulong, LinkPeers>? peers)
    {
        if (scan.Namespaces.IsEmpty)
        {
            yield break;
        }

        foreach (var network in inventory.Networks.Values.Where(n => n.Driver == "overlay" && n.Id.Length >= IdCharacters).OrderBy(n => n.Name, StringComparer.Ordinal))
        {
            var suffix = "-" + network.Id[..IdCharacters];
            if (scan.Namespaces.FirstOrDefault(n => n.NameSource == KernelNameSource.NetnsFile && n.Name.EndsWith(suffix, StringComparison.Ordinal)) is { } sandbox)
            {
                yield return new OverlaySandbox(network, sandbox, peers?.GetValueOrDefault(sandbox.Inode));
            }
        }
    }

    /// <summary>
    /// The sandbox's veth at the other end of <paramref name="inside"/>, an interface of namespace
    /// <paramref name="netns"/>: the indices point at each other and the kernel says that veth's peer
    /// is this interface of this namespace; else null (indices alone can be copied).
    /// </summary>
    public NetInterface? PeerOf(NetInterface inside, ulong netns) =>
        Peers is not null
        && Namespace.Interfaces.FirstOrDefault(l => l.IfIndex == inside.IfLink && l.IfLink == inside.IfIndex) is { } veth
        && Peers.Peers.TryGetValue(veth.IfIndex, out var peer) && peer == new LinkPeer(inside.IfIndex, netns)
            ? veth
            : null;

    /// <summary>A device of the sandbox as the labels name it, SANDBOX/DEVICE: a '/' is in no interface name, so it is never taken for a host one.</summary>
    public string Label(string device) => $"{Namespace.Name}/{device}";
}
