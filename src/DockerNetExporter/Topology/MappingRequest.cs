using DockerNetExporter.Runtime;

namespace DockerNetExporter.Topology;

/// <summary>What discovery asks one mapping for.</summary>
/// <param name="Inventory">What the container runtime says runs; <see cref="RuntimeInventory.Empty"/> without one.</param>
/// <param name="SyncedAt">When the picture was last confirmed (see <see cref="TopologySnapshot.SyncedAt"/>).</param>
/// <param name="ReuseNamespaceReads">After events: only the containers they changed have their namespace read again (see <see cref="NamespaceReader.Read"/>).</param>
/// <param name="Scan">Whether the kernel is scanned for namespaces the runtime does not account for.</param>
internal sealed record MappingRequest(RuntimeInventory Inventory, DateTimeOffset? SyncedAt, bool ReuseNamespaceReads, KernelScanUse Scan);

internal enum KernelScanUse
{
    /// <summary>The runtime's containers alone.</summary>
    None,

    /// <summary>Scan the kernel now: at full syncs, while the runtime is silent, and with no runtime at all.</summary>
    Fresh,

    /// <summary>Take the last scan: after events, what the runtime announces is the runtime's.</summary>
    Last,
}
