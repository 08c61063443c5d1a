using DockerNetExporter.Kernel;
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
/// <param name="Namespace">The sandbox as netlink read it from inside, at this mapping.</param>
/// <param name="Peers">The kernel's word, from inside the sandbox, on where its veths lead; null if it could not be asked.</param>
internal sealed record OverlaySandbox(RuntimeNetwork Network, KernelNamespace Namespace, LinkPeers? Peers)
{
    /// <summary>How much of the network's id the sandbox's file name holds.</summary>
    public const int IdCharacters = 10;

    /// <summary>Every file under the directories of named namespaces (/run/netns, /run/docker/netns), listed once for a mapping's sandboxes.</summary>
    public static List<string> NamedNamespaceFiles(KernelPaths paths)
    {
        var files = new List<string>();
        foreach (var directory in paths.NamedNetnsDirectories)
        {
            try
            {
                files.AddRange(Directory.GetFiles(directory));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // No such directory: nothing was ever named there.
            }
        }

        return files;
    }

    /// <summary>The file among <paramref name="files"/> that may hold <paramref name="network"/>'s sandbox (VERSION-ID10), or null.</summary>
    public static string? FileOf(IEnumerable<string> files, RuntimeNetwork network)
    {
        var suffix = "-" + network.Id[..IdCharacters];
        return files.FirstOrDefault(f => Path.GetFileName(f).EndsWith(suffix, StringComparison.Ordinal));
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
