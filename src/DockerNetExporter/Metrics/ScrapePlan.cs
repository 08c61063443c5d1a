using DockerNetExporter.Topology;

namespace DockerNetExporter.Metrics;

/// <summary>What a scrape reads: the series bound to one topology snapshot. Immutable; replaced whole.</summary>
internal sealed class ScrapePlan
{
    public ScrapePlan(TopologySnapshot snapshot, InterfaceSeries[] series, ProtocolSeries[]? protocols = null)
    {
        Snapshot = snapshot;
        Series = series;
        Protocols = protocols ?? [];
        HostCounted = [.. series.Where(s => !s.CountedInside)];
        CountedInside = [.. series.Where(s => s.CountedInside)];
        var byInterface = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < HostCounted.Length; i++)
        {
            if (!byInterface.TryGetValue(HostCounted[i].CountersInterface, out var indices))
            {
                byInterface[HostCounted[i].CountersInterface] = indices = [];
            }

            indices.Add(i);
        }

        SeriesByCountersInterface = byInterface.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    public static ScrapePlan Empty { get; } = new(TopologySnapshot.Empty, []);

    public TopologySnapshot Snapshot { get; }

    /// <summary>Every series: their attributes are read at each scrape.</summary>
    public InterfaceSeries[] Series { get; }

    /// <summary>Each mapped namespace's protocol counters (--collector.protocols), each reading its own files.</summary>
    public ProtocolSeries[] Protocols { get; }

    /// <summary>The series whose counters a host interface feeds, through the counter source.</summary>
    public InterfaceSeries[] HostCounted { get; }

    /// <summary>The series counted in their container's own namespace, each reading its own file.</summary>
    public InterfaceSeries[] CountedInside { get; }

    /// <summary>The indices in <see cref="HostCounted"/> of the series whose counters a host interface feeds, by its name.</summary>
    public Dictionary<string, int[]> SeriesByCountersInterface { get; }
}
