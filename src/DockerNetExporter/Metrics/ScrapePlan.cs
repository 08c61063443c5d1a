using DockerNetExporter.Topology;

namespace DockerNetExporter.Metrics;

/// <summary>What a scrape reads: the series bound to one topology snapshot. Immutable; replaced whole.</summary>
internal sealed class ScrapePlan
{
    public ScrapePlan(TopologySnapshot snapshot, InterfaceSeries[] series)
    {
        Snapshot = snapshot;
        Series = series;
        var byInterface = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < series.Length; i++)
        {
            if (!byInterface.TryGetValue(series[i].CountersInterface, out var indices))
            {
                byInterface[series[i].CountersInterface] = indices = [];
            }

            indices.Add(i);
        }

        SeriesByCountersInterface = byInterface.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    public static ScrapePlan Empty { get; } = new(TopologySnapshot.Empty, []);

    public TopologySnapshot Snapshot { get; }

    public InterfaceSeries[] Series { get; }

    /// <summary>The indices in <see cref="Series"/> of the series whose counters an interface feeds, by its name.</summary>
    public Dictionary<string, int[]> SeriesByCountersInterface { get; }
}
