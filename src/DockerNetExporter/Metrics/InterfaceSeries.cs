using System.Text;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Kernel.Sysfs;
using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>
/// The series of one interface (a container interface or a bridge) bound to the kernel files that
/// feed them, kept open from one scrape to the next. The scrape path re-reads the files and moves
/// the series, allocating nothing: the counters from the interface's own statistics files, or
/// <see cref="UpdateCounters"/> with its line of /proc/net/dev; or, for a container interface with
/// no host veth (<see cref="CountedInside"/>), from its line of its own namespace's
/// /proc/PID/net/dev; and the attributes (<see cref="Collect"/>). Scrapes on several threads may
/// collect it at once: the files are read at offset 0 and the series move atomically.
/// </summary>
internal sealed class InterfaceSeries : IBoundSeries
{
    private readonly bool keepsStatisticsOpen;
    private readonly StatisticsHandles? statistics;
    private readonly string statisticsDirectory;
    private readonly bool seenByPeer;
    private readonly CounterSeries counters;
    private readonly InterfaceAttributes attributes;
    private readonly Gauge.Child? mtu;
    private readonly Gauge.Child? up;
    private readonly NetDevFile? namespaceNetDev;
    private readonly byte[] interfaceName;
    private readonly string countersPath;

    /// <param name="statisticsDirectory">
    /// The interface directory whose statistics/ feed the counters (its name is the interface's in
    /// /proc/net/dev); for a series <paramref name="countedInside"/>, the interface's name alone.
    /// </param>
    /// <param name="seenByPeer">Whether the counters are the peer's view (a container interface counted on its veth).</param>
    /// <param name="attributes">The interface's mtu (and operstate, if <paramref name="up"/> is set) files, which feed the gauges; the series owns them.</param>
    /// <param name="sysfs">The type the statistics files must be on (<see cref="KernelPaths.SysfsType"/>).</param>
    /// <param name="mtu">The MTU gauge, fed by <paramref name="attributes"/>; null for an interface whose mtu is not read (a VXLAN device in a sandbox).</param>
    /// <param name="countedInside">
    /// Whether the counters are the interface's line of its own namespace's /proc/net/dev
    /// (<paramref name="namespaceNetDev"/>, null if it could not be opened), as the namespace sees
    /// them, whatever the counter source.
    /// </param>
    public InterfaceSeries(
        string key,
        string[] labelValues,
        string statisticsDirectory,
        bool seenByPeer,
        CounterSeries counters,
        InterfaceAttributes attributes,
        Gauge.Child? mtu,
        Gauge.Child? up,
        ICounterSource counterSource,
        FileSystemType sysfs,
        OpenFileBudget budget,
        bool countedInside = false,
        NetDevFile? namespaceNetDev = null)
    {
        Key = key;
        LabelValues = labelValues;
        this.statisticsDirectory = statisticsDirectory;
        this.seenByPeer = seenByPeer;
        this.counters = counters;
        this.attributes = attributes;
        this.mtu = mtu;
        this.up = up;
        CountersInterface = Path.GetFileName(statisticsDirectory);
        interfaceName = Encoding.UTF8.GetBytes(CountersInterface);
        CountedInside = countedInside;
        keepsStatisticsOpen = counterSource.KeepsStatisticsOpen && !CountedInside;
        statistics = keepsStatisticsOpen ? StatisticsHandles.TryOpen(statisticsDirectory, sysfs, budget) : null;
        this.namespaceNetDev = namespaceNetDev;
        countersPath = namespaceNetDev?.Path ?? statisticsDirectory;
    }

    /// <summary>Whether the counters are read in the container's own namespace, not from a host interface (never by the counter source).</summary>
    public bool CountedInside { get; }

    /// <summary>Identifies the interface across topology snapshots: the same key keeps its series and open files.</summary>
    public string Key { get; }

    public string[] LabelValues { get; }

    /// <summary>Whether every file the series reads was opened; if not, the next binding tries again.</summary>
    public bool HasAllFiles => (statistics is not null || !keepsStatisticsOpen) && (namespaceNetDev is not null || !CountedInside) && (mtu is null || attributes.Mtu is not null) && (up is null || attributes.OperState is not null);

    /// <summary>The interface whose statistics feed the counters: the veth, the bridge, or the container's own interface when <see cref="CountedInside"/>.</summary>
    public string CountersInterface { get; }

    /// <summary>
    /// What a scrape reads of this series itself: its counters if it reads them from files of its
    /// own (its statistics files with sysfs, or its line of its namespace's net/dev), then its
    /// attributes. A read that fails is skipped and counted.
    /// </summary>
    public void Collect(ReadErrors readErrors, ILogger logger)
    {
        if (keepsStatisticsOpen || CountedInside)
        {
            CollectCounters(readErrors, logger);
        }

        CollectAttributes(readErrors, logger);
    }

    /// <summary>Moves the counters to the statistics of <see cref="CountersInterface"/>, read elsewhere.</summary>
    public void UpdateCounters(in InterfaceCounters read) => counters.Update(seenByPeer ? read.AsSeenByPeer() : read);

    /// <summary>The statistics of <see cref="CountersInterface"/> could not be read: skipped and counted.</summary>
    public void SkipCounters(ReadErrors readErrors, ILogger logger) => Skip(readErrors, logger, countersPath);

    public void Dispose()
    {
        statistics?.Dispose();
        namespaceNetDev?.Dispose();
        attributes.Dispose();
    }

    /// <summary>Reads the statistics files and updates the counters; a read that fails is skipped and counted.</summary>
    private void CollectCounters(ReadErrors readErrors, ILogger logger)
    {
        if (namespaceNetDev is not null && namespaceNetDev.TryReadInterface(interfaceName, out var own))
        {
            counters.Update(own);
        }
        else if (statistics is not null && statistics.TryRead(out var read))
        {
            UpdateCounters(read);
        }
        else
        {
            SkipCounters(readErrors, logger);
        }
    }

    /// <summary>Reads mtu (and operstate) and updates their gauges; a file that fails is skipped and counted.</summary>
    private void CollectAttributes(ReadErrors readErrors, ILogger logger)
    {
        if (mtu is null)
        {
            return;
        }

        if (attributes.Mtu is { } mtuFile && mtuFile.TryReadUInt64(out var mtuBytes))
        {
            mtu.Set(mtuBytes);
        }
        else
        {
            Skip(readErrors, logger, attributes.Mtu?.Path ?? statisticsDirectory);
        }

        if (up is null)
        {
            return;
        }

        if (attributes.OperState is { } operStateFile && operStateFile.TryReadOperStateUp(out var isUp))
        {
            up.Set(isUp ? 1 : 0);
        }
        else
        {
            Skip(readErrors, logger, attributes.OperState?.Path ?? statisticsDirectory);
        }
    }

    private static void Skip(ReadErrors readErrors, ILogger logger, string path)
    {
        readErrors.Scrape();
        Log.ScrapeReadFailed(logger, path);
    }
}
