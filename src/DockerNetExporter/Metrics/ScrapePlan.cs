using DockerNetExporter.Kernel;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Metrics;

/// <summary>
/// What a scrape reads: the series bound to one topology snapshot. Immutable; replaced whole. Apart
/// from what the counter source reads for all series at once, its reads are numbered, for threads
/// to share them.
/// </summary>
internal sealed class ScrapePlan : IScrapeReads
{
    public ScrapePlan(TopologySnapshot snapshot, InterfaceSeries[] series, ProtocolSeries[]? protocols = null)
    {
        Snapshot = snapshot;
        Series = series;
        Protocols = protocols ?? [];
        HostCounted = [.. series.Where(s => !s.CountedInside)];
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

    /// <summary>The indices in <see cref="HostCounted"/> of the series whose counters a host interface feeds, by its name.</summary>
    public Dictionary<string, int[]> SeriesByCountersInterface { get; }

    /// <summary>A scrape's reads: each series' own (<see cref="InterfaceSeries.Collect"/>), then each namespace's protocol counters.</summary>
    public int ReadCount => Series.Length + Protocols.Length;

    public void Read(int index, ReadErrors readErrors, ILogger logger)
    {
        if (index < Series.Length)
        {
            Series[index].Collect(readErrors, logger);
        }
        else
        {
            Protocols[index - Series.Length].Collect(readErrors, logger);
        }
    }
}
