namespace DockerNetExporter.Topology;

/// <summary>
/// Whether discovery makes progress: when the mapping under way, if any, started. A mapping that
/// runs longer than a whole discovery interval is stalled: something it reads hangs past every
/// bound (see BoundedReads), and the picture served is getting old. Read by the scrape
/// (dockernet_discovery_stalled) and /healthz; the stall is said once, when first seen. Thread-safe.
/// </summary>
/// <param name="stallAfter">How long a mapping may run: one discovery interval (the larger of --docker.resync-interval and --kernel.scan-interval).</param>
internal sealed class MappingProgress(TimeSpan stallAfter, TimeProvider time, ILogger<MappingProgress> logger)
{
    private const long Idle = 0;

    private long startedAt = Idle;
    private long reportedFor = Idle;

    public TimeSpan StallAfter => stallAfter;

    public void Started() => Volatile.Write(ref startedAt, Math.Max(1, time.GetTimestamp()));

    public void Finished() => Volatile.Write(ref startedAt, Idle);

    /// <summary>How long the mapping under way has run; zero if none is.</summary>
    public TimeSpan Running => Volatile.Read(ref startedAt) is var started and not Idle ? time.GetElapsedTime(started) : TimeSpan.Zero;

    /// <summary>Whether the mapping under way has run past <see cref="StallAfter"/>; the first time for a mapping, it is logged.</summary>
    public bool IsStalled()
    {
        var started = Volatile.Read(ref startedAt);
        if (started == Idle || time.GetElapsedTime(started) <= stallAfter)
        {
            return false;
        }

        if (Interlocked.Exchange(ref reportedFor, started) != started)
        {
            Log.DiscoveryStalled(logger, time.GetElapsedTime(started).TotalSeconds);
        }

        return true;
    }
}
