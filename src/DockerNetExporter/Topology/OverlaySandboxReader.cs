using System.Collections.Immutable;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Namespaces;
using DockerNetExporter.Runtime;

namespace DockerNetExporter.Topology;

/// <summary>
/// Reads each overlay network's sandbox on this host afresh at every mapping, events included: a
/// container joining makes its veth there (and the first one makes the sandbox), so a sandbox read
/// at the last full sync would not know it. From inside the sandbox (setns, CAP_SYS_ADMIN): its
/// links with their bridge, kind and VNI (a dump of links, addresses and routes), then where its
/// veths lead (a second link dump and one RTM_GETNSID per namespace that may hold the other end: the
/// network's containers, and the namespaces the kernel scan found, such as ingress_sbox and the load
/// balancers' lb_ID, with an interface whose iflink is a sandbox link's). One mapping at a time.
/// </summary>
internal sealed class OverlaySandboxReader(
    KernelPaths paths, INetlinkReader netlink, ReadErrors readErrors, EffectiveCapabilities capabilities, ILogger<OverlaySandboxReader> logger)
{
    private const int NotPermitted = 1; // EPERM: no CAP_SYS_ADMIN, or a seccomp filter

    // Said once, at warning level: it points at the deployment's capabilities, not at one network.
    private readonly Once deniedWarning = new();

    public ImmutableArray<OverlaySandbox> Read(RuntimeInventory inventory, HostRead host, KernelScan scan)
    {
        var overlays = inventory.Networks.Values.Where(n => n.Driver == "overlay" && n.Id.Length >= OverlaySandbox.IdCharacters).OrderBy(n => n.Name, StringComparer.Ordinal).ToList();
        var files = overlays.Count == 0 ? [] : OverlaySandbox.NamedNamespaceFiles(paths);
        var sandboxes = ImmutableArray.CreateBuilder<OverlaySandbox>();
        foreach (var network in overlays)
        {
            if (OverlaySandbox.FileOf(files, network) is { } file && Statx.TryGetMountedInode(file, out var inode)
                && ReadSandbox(network, file, inode, sandboxLinks => Members(inventory, network, host, scan, sandboxLinks)) is { } sandbox)
            {
                sandboxes.Add(sandbox);
            }
        }

        return sandboxes.ToImmutable();
    }

    private OverlaySandbox? ReadSandbox(RuntimeNetwork network, string file, ulong inode, Func<IReadOnlySet<int>, List<NamespaceFile>> members)
    {
        var view = netlink.TryRead(file, paths.SelfNetNamespace, out var error);
        var others = view is null ? [] : members(view.Links.Where(l => l.IfLink != l.IfIndex).Select(l => l.IfIndex).ToHashSet());
        var peers = view is null ? null : others.Count == 0 ? LinkPeers.None : netlink.TryReadPeersFrom(file, paths.SelfNetNamespace, others, out error);
        if (view is null || peers is null)
        {
            readErrors.Discovery();
            Log.NetlinkFailed(logger, file, error);
            if (error == NotPermitted && deniedWarning.TryTake())
            {
                Log.SandboxDenied(logger, file, capabilities.WhyRefused(Capability.SysAdmin));
            }

            return null;
        }

        var name = Path.GetFileName(file);
        var sandbox = new KernelNamespace(
            inode, file, name, KernelNameSource.NetnsFile, null, KernelNamespace.InterfacesOf(view), view.Addresses, null, KernelNamespace.VxlansOf(view));
        return new OverlaySandbox(network, sandbox, peers);
    }

    /// <summary>
    /// The namespaces that may hold the other end of the sandbox's veths (<paramref name="sandboxLinks"/>,
    /// by ifindex): the network's containers, and those the kernel scan found, each only with an
    /// interface whose iflink is one of them, so that each is asked its nsid only where it may answer.
    /// </summary>
    private static List<NamespaceFile> Members(RuntimeInventory inventory, RuntimeNetwork network, HostRead host, KernelScan scan, IReadOnlySet<int> sandboxLinks)
    {
        var members = new List<NamespaceFile>();
        foreach (var container in inventory.Containers.Values.Where(c => c.Endpoints.Any(e => e.NetworkId == network.Id)))
        {
            if (host.Namespaces.TryGetValue(container.Id, out var read) && read.Netns is { } netns && read.NetnsPath.Length > 0
                && read.Interfaces.Any(i => sandboxLinks.Contains(i.IfLink)))
            {
                members.Add(new NamespaceFile(read.NetnsPath, netns));
            }
        }

        members.AddRange(scan.Namespaces.Where(n => n.Interfaces.Any(i => i.Name != "lo" && sandboxLinks.Contains(i.IfLink))).Select(n => new NamespaceFile(n.NetnsPath, n.Inode)));
        return members;
    }
}
