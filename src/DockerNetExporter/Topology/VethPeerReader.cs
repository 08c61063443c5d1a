using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Namespaces;

namespace DockerNetExporter.Topology;

/// <summary>
/// Asks the kernel, once per mapping, where the host's veths lead (<see cref="LinkPeers"/>): one
/// link dump in the host namespace (the one the mapping read as the host's), and the nsid of each
/// namespace the mapping read that has an interface besides lo, through the file it was read
/// through; a read the namespace reader kept from the last mapping keeps its nsid. Without that
/// answer nothing is attributed: indices alone can be copied by any namespace with CAP_NET_ADMIN.
/// One mapping at a time.
/// </summary>
internal sealed class VethPeerReader(KernelPaths paths, INetlinkReader netlink, ReadErrors readErrors, ILogger<VethPeerReader> logger)
{
    private const int NoSuchNamespace = 2; // ENOENT: the host's namespace was not read

    // Said once, at warning level: it points at the deployment (the host namespace out of reach), not at one container.
    private readonly Once unprovableWarning = new();

    // What the last mapping asked about: the same read again is one the namespace reader kept, the same scan's namespaces ones the mapper kept, whatever host addresses came with them (see NamespaceFile.Kept).
    private HostRead? lastHost;
    private KernelScan? lastScan;

    /// <returns>The kernel's word; null if the host namespace could not be asked.</returns>
    public LinkPeers? Read(HostRead host, KernelScan scan)
    {
        var namespaces = new List<NamespaceFile>(host.Namespaces.Count + scan.Namespaces.Length);
        foreach (var (id, read) in host.Namespaces)
        {
            if (read.Netns is { } netns && HasPeers(read.Interfaces))
            {
                var kept = lastHost is not null && lastHost.Namespaces.TryGetValue(id, out var before) && ReferenceEquals(before, read);
                namespaces.Add(new NamespaceFile(read.NetnsPath, netns, kept));
            }
        }

        foreach (var found in scan.Namespaces)
        {
            if (HasPeers(found.Interfaces))
            {
                namespaces.Add(new NamespaceFile(found.NetnsPath, found.Inode, lastScan is not null && scan.Namespaces == lastScan.Namespaces));
            }
        }

        (lastHost, lastScan) = (host, scan);

        if (namespaces.Count == 0)
        {
            return LinkPeers.None;
        }

        // The namespace the mapping took for the host's: PID 1's, or the exporter's own where PID 1's cannot be read.
        var hostNetns = paths.HostNetNamespaceCandidates.FirstOrDefault(path => NetNamespaceReader.TryRead(path, out var inode, out _) && inode == host.Netns);
        var error = NoSuchNamespace;
        var peers = hostNetns is null ? null : netlink.TryReadPeers(hostNetns, paths.SelfNetNamespace, namespaces, out error);
        if (peers is null)
        {
            hostNetns ??= paths.HostNetNamespaceCandidates.First();
            readErrors.Discovery();
            Log.NetlinkFailed(logger, hostNetns, error);
            if (unprovableWarning.TryTake())
            {
                Log.PairingUnprovable(logger, hostNetns, error);
            }
        }

        return peers;
    }

    /// <summary>Whether the namespace has an interface that may be a veth's end (a namespace of lo alone, as --network none has, has nothing to place).</summary>
    private static bool HasPeers(IEnumerable<NetInterface> interfaces) => interfaces.Any(i => i.Name != "lo");
}
