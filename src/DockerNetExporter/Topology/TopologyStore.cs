namespace DockerNetExporter.Topology;

/// <summary>
/// Holds the current <see cref="TopologySnapshot"/>. Discovery publishes a whole new snapshot; readers
/// take the reference once and never lock. Observers (the metrics binder) run on the publishing
/// thread, so they see snapshots one at a time and in order.
/// </summary>
internal sealed class TopologyStore
{
    private readonly Lock publishing = new();
    private TopologySnapshot current = TopologySnapshot.Empty;

    public event Action<TopologySnapshot>? Published;

    public TopologySnapshot Current => Volatile.Read(ref current);

    public void Publish(TopologySnapshot snapshot)
    {
        lock (publishing)
        {
            Volatile.Write(ref current, snapshot);
            Published?.Invoke(snapshot);
        }
    }
}
