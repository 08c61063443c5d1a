using DockerNetExporter.Topology;

namespace DockerNetExporter.Metrics;

/// <summary>What a scrape reads: the series bound to one topology snapshot. Immutable; replaced whole.</summary>
internal sealed record ScrapePlan(TopologySnapshot Snapshot, InterfaceSeries[] Series)
{
    public static ScrapePlan Empty { get; } = new(TopologySnapshot.Empty, []);
}
