using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Sysfs;
using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>
/// The series of one interface (a container interface or a bridge) bound to the kernel files that
/// feed them, kept open from one scrape to the next. The scrape path re-reads the files and moves
/// the series, allocating nothing: <see cref="CollectCounters"/> from the interface's own statistics
/// files, or <see cref="UpdateCounters"/> with its line of /proc/net/dev; then
/// <see cref="CollectAttributes"/>.
/// </summary>
internal sealed class InterfaceSeries : IDisposable
{
    private readonly bool keepsStatisticsOpen;
    private readonly StatisticsHandles? statistics;
    private readonly string statisticsDirectory;
    private readonly bool seenByPeer;
    private readonly CounterSeries counters;
    private readonly SysfsAttributeHandle? mtuFile;
    private readonly Gauge.Child mtu;
    private readonly SysfsAttributeHandle? operStateFile;
    private readonly Gauge.Child? up;

    /// <param name="statisticsDirectory">The interface directory whose statistics/ feed the counters (its name is the interface's in /proc/net/dev).</param>
    /// <param name="seenByPeer">Whether the counters are the peer's view (a container interface counted on its veth).</param>
    /// <param name="attributeDirectory">The interface directory whose mtu (and operstate, if <paramref name="up"/> is set) feed the gauges.</param>
    /// <param name="sysfs">The type every file opened must be on (<see cref="KernelPaths.SysfsType"/>): the container's side is its owner's to mount over.</param>
    public InterfaceSeries(
        string key,
        string[] labelValues,
        string statisticsDirectory,
        bool seenByPeer,
        CounterSeries counters,
        string attributeDirectory,
        Gauge.Child mtu,
        Gauge.Child? up,
        ICounterSource counterSource,
        FileSystemType sysfs,
        OpenFileBudget budget)
    {
        Key = key;
        LabelValues = labelValues;
        this.statisticsDirectory = statisticsDirectory;
        this.seenByPeer = seenByPeer;
        this.counters = counters;
        this.mtu = mtu;
        this.up = up;
        CountersInterface = Path.GetFileName(statisticsDirectory);
        keepsStatisticsOpen = counterSource.KeepsStatisticsOpen;
        statistics = keepsStatisticsOpen ? StatisticsHandles.TryOpen(statisticsDirectory, sysfs, budget) : null;
        mtuFile = SysfsAttributeHandle.TryOpen(Path.Combine(attributeDirectory, "mtu"), sysfs, budget);
        operStateFile = up is null ? null : SysfsAttributeHandle.TryOpen(Path.Combine(attributeDirectory, "operstate"), sysfs, budget);
    }

    /// <summary>Identifies the interface across topology snapshots: the same key keeps its series and open files.</summary>
    public string Key { get; }

    public string[] LabelValues { get; }

    /// <summary>Whether every file the series reads was opened; if not, the next binding tries again.</summary>
    public bool HasAllFiles => (statistics is not null || !keepsStatisticsOpen) && mtuFile is not null && (up is null || operStateFile is not null);

    /// <summary>The host interface whose statistics feed the counters: the veth, or the bridge.</summary>
    public string CountersInterface { get; }

    /// <summary>Reads the statistics files and updates the counters; a read that fails is skipped and counted.</summary>
    public void CollectCounters(ReadErrors readErrors, ILogger logger)
    {
        if (statistics is not null && statistics.TryRead(out var read))
        {
            UpdateCounters(read);
        }
        else
        {
            SkipCounters(readErrors, logger);
        }
    }

    /// <summary>Moves the counters to the statistics of <see cref="CountersInterface"/>, read elsewhere.</summary>
    public void UpdateCounters(in InterfaceCounters read) => counters.Update(seenByPeer ? read.AsSeenByPeer() : read);

    /// <summary>The statistics of <see cref="CountersInterface"/> could not be read: skipped and counted.</summary>
    public void SkipCounters(ReadErrors readErrors, ILogger logger) => Skip(readErrors, logger, statisticsDirectory);

    /// <summary>Reads mtu (and operstate) and updates their gauges; a file that fails is skipped and counted.</summary>
    public void CollectAttributes(ReadErrors readErrors, ILogger logger)
    {
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
