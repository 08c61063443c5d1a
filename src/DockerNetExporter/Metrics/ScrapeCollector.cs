using System.Diagnostics;
using DockerNetExporter.Kernel;
using DockerNetExporter.Runtime;
using DockerNetExporter.Topology;
using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>
/// Runs before every collection of the registry: takes the current <see cref="ScrapePlan"/> (one
/// volatile read, no lock, no Docker call) and moves every series to the kernel's values, the
/// counters from its <see cref="ICounterSource"/>. Concurrent
/// scrapes are safe: files are read with pread at offset 0 and the series update atomically.
/// </summary>
internal sealed class ScrapeCollector
{
    private readonly SeriesBinder binder;
    private readonly ICounterSource counterSource;
    private readonly ExporterMetrics metrics;
    private readonly RuntimeHealth? runtimeHealth;
    private readonly ReadErrors readErrors;
    private readonly MappingProgress progress;
    private readonly ILogger logger;
    private readonly Counter.Child discoveryErrors;
    private readonly Counter.Child scrapeErrors;

    /// <param name="runtimeHealth">Docker's health, served as dockernet_docker_up; null with Docker off, when it is not served.</param>
    public ScrapeCollector(
        SeriesBinder binder,
        ICounterSource counterSource,
        ExporterMetrics metrics,
        RuntimeHealth? runtimeHealth,
        ReadErrors readErrors,
        MappingProgress progress,
        ILogger<ScrapeCollector> logger)
    {
        this.progress = progress;
        this.binder = binder;
        this.counterSource = counterSource;
        this.metrics = metrics;
        this.runtimeHealth = runtimeHealth;
        this.readErrors = readErrors;
        this.logger = logger;
        discoveryErrors = metrics.ReadErrors.WithLabels("discovery");
        scrapeErrors = metrics.ReadErrors.WithLabels("scrape");
    }

    public void Collect()
    {
        var started = Stopwatch.GetTimestamp();
        var plan = binder.Current;
        counterSource.Collect(plan, readErrors, logger);

        foreach (var series in plan.Series)
        {
            series.CollectAttributes(readErrors, logger);
        }

        if (runtimeHealth is not null)
        {
            metrics.DockerUp.Set(runtimeHealth.IsUp ? 1 : 0);
        }

        metrics.LastSync.Set(plan.Snapshot.SyncedAt is { } syncedAt ? syncedAt.ToUnixTimeMilliseconds() / 1000.0 : 0);
        discoveryErrors.IncTo(readErrors.DiscoveryCount);
        scrapeErrors.IncTo(readErrors.ScrapeCount);
        metrics.KernelFilesRefused.IncTo(readErrors.RefusedCount);
        metrics.NamespaceReadsTimedOut.IncTo(readErrors.TimedOutCount);
        metrics.DiscoveryStalled.Set(progress.IsStalled() ? 1 : 0);
        metrics.ScrapeDuration.Set(Stopwatch.GetElapsedTime(started).TotalSeconds);
    }
}
