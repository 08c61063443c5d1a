using DockerNetExporter.Kernel;

namespace DockerNetExporter.Metrics;

/// <summary>
/// The counters of each series from its interface's own statistics files, kept open by the series
/// (--counters.source=sysfs, the default): eight preads per interface, each series on its own.
/// </summary>
internal sealed class SysfsCounterSource : ICounterSource
{
    public bool KeepsStatisticsOpen => true;

    public void Collect(ScrapePlan plan, ReadErrors readErrors, ILogger logger)
    {
        foreach (var series in plan.HostCounted)
        {
            series.CollectCounters(readErrors, logger);
        }
    }
}
