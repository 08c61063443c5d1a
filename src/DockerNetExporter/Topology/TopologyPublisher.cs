using System.Diagnostics;

namespace DockerNetExporter.Topology;

/// <summary>
/// Maps and publishes a snapshot, one mapping at a time: the mapper keeps what it read from one
/// mapping to the next, and with Docker on both the events session and the kernel's stand-in map.
/// Each mapping is timed in <see cref="MappingProgress"/>, which tells a stalled one.
/// </summary>
internal sealed class TopologyPublisher(TopologyMapper mapper, TopologyStore store, MappingProgress progress, ILogger<TopologyPublisher> logger)
{
    private readonly Lock mapping = new();

    public void Publish(MappingRequest request)
    {
        lock (mapping)
        {
            var started = Stopwatch.GetTimestamp();
            progress.Started();
            try
            {
                store.Publish(mapper.Map(request));
            }
            finally
            {
                progress.Finished();
            }

            var snapshot = store.Current;
            Log.TopologyPublished(logger, snapshot.Containers.Length, snapshot.Containers.Sum(c => c.Interfaces.Length), snapshot.Bridges.Length,
                Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
