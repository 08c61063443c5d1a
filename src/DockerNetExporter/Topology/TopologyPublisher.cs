using System.Diagnostics;
using DockerNetExporter.Docker;
using DockerNetExporter.Namespaces;

namespace DockerNetExporter.Topology;

/// <summary>
/// Maps and publishes a snapshot, one mapping at a time: the mapper keeps what it read from one
/// mapping to the next, and with Docker on both the events session and the kernel's stand-in map.
/// </summary>
internal sealed class TopologyPublisher(TopologyMapper mapper, TopologyStore store, ILogger<TopologyPublisher> logger)
{
    private readonly Lock mapping = new();

    /// <param name="syncedAt">When the picture was last confirmed (see <see cref="TopologySnapshot.SyncedAt"/>).</param>
    /// <param name="reuseNamespaceReads">See <see cref="TopologyMapper.Map"/>.</param>
    /// <param name="scanKernel">See <see cref="TopologyMapper.Map"/>.</param>
    public void Publish(DockerInventory inventory, DateTimeOffset? syncedAt, bool reuseNamespaceReads, Func<IReadOnlySet<ulong>, KernelScan> scanKernel)
    {
        lock (mapping)
        {
            var started = Stopwatch.GetTimestamp();
            var snapshot = mapper.Map(inventory, syncedAt, reuseNamespaceReads, scanKernel);
            store.Publish(snapshot);
            Log.TopologyPublished(logger, snapshot.Containers.Length, snapshot.Containers.Sum(c => c.Interfaces.Length), snapshot.Bridges.Length,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
