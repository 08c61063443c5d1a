using DockerNetExporter.Kernel;

namespace DockerNetExporter.Metrics;

/// <summary>
/// The counters of each series from its interface's own statistics files, kept open by the series
/// (--counters.source=sysfs, the default): eight preads per interface, which each series does among
/// its own reads (<see cref="InterfaceSeries.Collect"/>), spread over the sweep's threads. Nothing
/// is read for all series at once.
/// </summary>
internal sealed class SysfsCounterSource : ICounterSource
{
    public bool KeepsStatisticsOpen => true;

    public void Collect(ScrapePlan plan, ReadErrors readErrors, ILogger logger)
    {
        // Each series reads its own files in the sweep.
    }
}
