using DockerNetExporter.Kernel;

namespace DockerNetExporter.Metrics;

/// <summary>
/// Where a scrape takes every series' counters from (--counters.source), decided once at start:
/// each interface's own statistics files (<see cref="SysfsCounterSource"/>) or one read of the
/// host's /proc/net/dev (<see cref="NetDevSweep"/>).
/// </summary>
internal interface ICounterSource
{
    /// <summary>Whether each series keeps its interface's statistics files open (and lacks a file until it has them).</summary>
    bool KeepsStatisticsOpen { get; }

    /// <summary>
    /// What the source reads for all series at once, before the sweep: moves every series of the plan
    /// that a host interface feeds (<see cref="ScrapePlan.HostCounted"/>) to its interface's counters
    /// unless each reads its own (<see cref="KeepsStatisticsOpen"/>); a series whose counters cannot
    /// be read is skipped and counted.
    /// </summary>
    void Collect(ScrapePlan plan, ReadErrors readErrors, ILogger logger);
}
