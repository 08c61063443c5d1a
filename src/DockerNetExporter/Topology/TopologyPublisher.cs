using System.Diagnostics;

namespace DockerNetExporter.Topology;

/// <summary>
/// Maps and publishes a snapshot, one mapping at a time: the mapper keeps what it read from one
/// mapping to the next, and with Docker on both the events session and the kernel's stand-in map.
/// </summary>
internal sealed class TopologyPublisher(TopologyMapper mapper, TopologyStore store, ILogger<TopologyPublisher> logger)
{
    private readonly Lock mapping = new();

    public void Publish(MappingRequest request)
    {
        lock (mapping)
        {
            var started = Stopwatch.GetTimestamp();
            var snapshot = mapper.Map(request);
            store.Publish(snapshot);
            Log.TopologyPublished(logger, snapshot.Containers.Length, snapshot.Containers.Sum(c => c.Interfaces.Length), snapshot.Bridges.Length,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
