using DockerNetExporter.Namespaces;

namespace DockerNetExporter.Topology;

/// <summary>
/// One mapping, in the order data flows: read the host and the containers' namespaces
/// (<see cref="NamespaceReader"/>), scan the kernel for the namespaces none of them accounts for
/// (<see cref="KernelNamespaceSource"/>) or take the last scan with the host's addresses read again, ask the kernel where the host's
/// veths lead (<see cref="VethPeerReader"/>), read the overlay sandboxes (<see cref="OverlaySandboxReader"/>), join it all (<see cref="TopologyJoin"/>), and keep the containers the filter admits (<see cref="ContainerFilter"/>). Keeps the last scan for the mappings after events, which do not scan.
/// One mapping at a time (see <see cref="TopologyPublisher"/>).
/// </summary>
internal sealed class TopologyMapper(
    NamespaceReader reader, KernelNamespaceSource kernel, VethPeerReader peers, OverlaySandboxReader sandboxes, ContainerFilter filter, ILogger<TopologyMapper> logger)
{
    /// <summary>How many containers get a warning of their own about a filter that ran out of time (each mapping would repeat it).</summary>
    private const int ContainersWarnedAboutFilter = 256;

    private readonly OncePerKey filterWarnings = new(ContainersWarnedAboutFilter);
    private KernelScan lastScan = KernelScan.Empty;

    public TopologySnapshot Map(MappingRequest request)
    {
        var host = reader.Read(request.Inventory, request.ReuseNamespaceReads);
        var scan = request.Scan switch
        {
            KernelScanUse.Fresh => lastScan = kernel.Scan(TopologyJoin.KnownNamespaces(host.Namespaces.Values.Select(r => r.Netns), host.Netns)),
            // The host's addresses are read again: a gateway is judged by what the host holds now, not at the last full sync.
            KernelScanUse.Last => lastScan with { HostAddresses = kernel.ReadHostAddresses() },
            _ => KernelScan.Empty,
        };
        var joined = TopologyJoin.Join(request.Inventory, host, scan, peers.Read(host, scan), request.SyncedAt, sandboxes.Read(request.Inventory, host, scan));
        foreach (var unpaired in joined.Unpaired)
        {
            Log.NoHostPeer(logger, unpaired.Owner, unpaired.Interface, unpaired.IfIndex, unpaired.IfLink);
        }

        foreach (var forged in joined.Forged)
        {
            Log.ForgedInterface(logger, forged.Owner, forged.Netns, forged.Interface, forged.Veth);
        }

        foreach (var unproven in joined.Unproven)
        {
            Log.UnprovenInterface(logger, unproven.Owner, unproven.Netns, unproven.Interface, unproven.Veth);
        }

        return filter.Apply(joined.Snapshot, name =>
        {
            if (filterWarnings.TryTake(name))
            {
                Log.ContainerFilterTimedOut(logger, name);
            }
        });
    }
}
