using System.Diagnostics;
using DockerNetExporter.Docker;
using DockerNetExporter.Sysfs;
using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>
/// Runs before every collection of the registry: takes the current <see cref="ScrapePlan"/> (one
/// volatile read, no lock, no Docker call) and moves every series to the kernel's values, the
/// counters from sysfs or, given a <see cref="NetDevSweep"/>, from /proc/net/dev. Concurrent
/// scrapes are safe: files are read with pread at offset 0 and the series update atomically.
/// </summary>
internal sealed class ScrapeCollector
{
    private readonly SeriesBinder binder;
    private readonly NetDevSweep? netDevSweep;
    private readonly ExporterMetrics metrics;
    private readonly DockerHealth? dockerHealth;
    private readonly ReadErrors readErrors;
    private readonly ILogger logger;
    private readonly Counter.Child discoveryErrors;
    private readonly Counter.Child scrapeErrors;

    public ScrapeCollector(
        CollectorRegistry registry,
        SeriesBinder binder,
        NetDevSweep? netDevSweep,
        ExporterMetrics metrics,
        DockerHealth? dockerHealth,
        ReadErrors readErrors,
        ILogger<ScrapeCollector> logger)
    {
        this.binder = binder;
        this.netDevSweep = netDevSweep;
        this.metrics = metrics;
        this.dockerHealth = dockerHealth;
        this.readErrors = readErrors;
        this.logger = logger;
        discoveryErrors = metrics.ReadErrors.WithLabels("discovery");
        scrapeErrors = metrics.ReadErrors.WithLabels("scrape");
        registry.AddBeforeCollectCallback(Collect);
    }

    public void Collect()
    {
        var started = Stopwatch.GetTimestamp();
        var plan = binder.Current;
        if (netDevSweep is null)
        {
            foreach (var series in plan.Series)
            {
                series.CollectCounters(readErrors, logger);
            }
        }
        else
        {
            netDevSweep.Collect(plan, readErrors, logger);
        }

        foreach (var series in plan.Series)
        {
            series.CollectAttributes(readErrors, logger);
        }

        if (dockerHealth is not null)
        {
            metrics.DockerUp.Set(dockerHealth.IsUp ? 1 : 0);
        }

        metrics.LastSync.Set(plan.Snapshot.SyncedAt is { } syncedAt ? syncedAt.ToUnixTimeMilliseconds() / 1000.0 : 0);
        discoveryErrors.IncTo(readErrors.DiscoveryCount);
        scrapeErrors.IncTo(readErrors.ScrapeCount);
        metrics.ScrapeDuration.Set(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
