using DockerNetExporter.Sysfs;
using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>
/// The series of one interface (a container interface or a bridge) bound to the kernel files that
/// feed them, kept open from one scrape to the next. <see cref="Collect"/> is the scrape path: it
/// re-reads the files and moves the series, allocating nothing.
/// </summary>
internal sealed class InterfaceSeries : IDisposable
{
    private readonly StatisticsHandles? statistics;
    private readonly string statisticsDirectory;
    private readonly bool seenByPeer;
    private readonly CounterSeries counters;
    private readonly SysfsAttributeHandle? mtuFile;
    private readonly Gauge.Child mtu;
    private readonly SysfsAttributeHandle? operStateFile;
    private readonly Gauge.Child? up;

    /// <param name="statisticsDirectory">The interface directory whose statistics/ feed the counters.</param>
    /// <param name="seenByPeer">Whether the counters are the peer's view (a container interface counted on its veth).</param>
    /// <param name="attributeDirectory">The interface directory whose mtu (and operstate, if <paramref name="up"/> is set) feed the gauges.</param>
    public InterfaceSeries(
        string key,
        string[] labelValues,
        string statisticsDirectory,
        bool seenByPeer,
        CounterSeries counters,
        string attributeDirectory,
        Gauge.Child mtu,
        Gauge.Child? up)
    {
        Key = key;
        LabelValues = labelValues;
        this.statisticsDirectory = statisticsDirectory;
        this.seenByPeer = seenByPeer;
        this.counters = counters;
        this.mtu = mtu;
        this.up = up;
        statistics = StatisticsHandles.TryOpen(statisticsDirectory);
        mtuFile = SysfsAttributeHandle.TryOpen(Path.Combine(attributeDirectory, "mtu"));
        operStateFile = up is null ? null : SysfsAttributeHandle.TryOpen(Path.Combine(attributeDirectory, "operstate"));
    }

    /// <summary>Identifies the interface across topology snapshots: the same key keeps its series and open files.</summary>
    public string Key { get; }

    public string[] LabelValues { get; }

    /// <summary>Reads this interface's files and updates its series; a file that fails is skipped and counted.</summary>
    public void Collect(ReadErrors readErrors, ILogger logger)
    {
        if (statistics is not null && statistics.TryRead(out var read))
        {
            counters.Update(seenByPeer ? read.AsSeenByPeer() : read);
        }
        else
        {
            Skip(readErrors, logger, statisticsDirectory);
        }

        if (mtuFile is not null && mtuFile.TryReadUInt64(out var mtuBytes))
        {
            mtu.Set(mtuBytes);
        }
        else
        {
            Skip(readErrors, logger, mtuFile?.Path ?? statisticsDirectory);
        }

        if (up is null)
        {
            return;
        }

        if (operStateFile is not null && operStateFile.TryReadOperStateUp(out var isUp))
        {
            up.Set(isUp ? 1 : 0);
        }
        else
        {
            Skip(readErrors, logger, operStateFile?.Path ?? statisticsDirectory);
        }
    }

    public void Dispose()
    {
        statistics?.Dispose();
        mtuFile?.Dispose();
        operStateFile?.Dispose();
    }

    private static void Skip(ReadErrors readErrors, ILogger logger, string path)
    {
        readErrors.Scrape();
        Log.ScrapeReadFailed(logger, path);
    }
}
