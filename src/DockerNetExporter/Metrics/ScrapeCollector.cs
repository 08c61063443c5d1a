using System.Diagnostics;
using DockerNetExporter.Kernel;
using DockerNetExporter.Runtime;
using DockerNetExporter.Topology;
using Prometheus;

namespace DockerNetExporter.Metrics;

/// <summary>
/// Runs before every collection of the registry: takes the current <see cref="ScrapePlan"/> (one
/// volatile read, no lock, no Docker call) and moves every series to the kernel's values: what its
/// <see cref="ICounterSource"/> reads for all at once, then the plan's own reads, shared between
/// the threads of the <see cref="SweepPool"/>. Concurrent scrapes are safe: files are read with
/// pread at offset 0 and the series update atomically.
/// </summary>
internal sealed class ScrapeCollector
{
    private readonly SeriesBinder binder;
    private readonly ICounterSource counterSource;
    private readonly SweepPool sweep;
    private readonly ExporterMetrics metrics;
    private readonly RuntimeHealth? runtimeHealth;
    private readonly ReadErrors readErrors;
    private readonly MappingProgress progress;
    private readonly ILogger logger;
    private readonly Counter.Child discoveryErrors;
    private readonly Counter.Child scrapeErrors;
    private readonly (RuntimeFailure Reason, Counter.Child Series)[] dockerErrors;

    /// <param name="runtimeHealth">
    /// Docker's health, served as dockernet_docker_up and dockernet_docker_errors_total (every reason,
    /// from 0); null with Docker off, when neither is served.
    /// </param>
    public ScrapeCollector(
        SeriesBinder binder,
        ICounterSource counterSource,
        SweepPool sweep,
        ExporterMetrics metrics,
        RuntimeHealth? runtimeHealth,
        ReadErrors readErrors,
        MappingProgress progress,
        ILogger<ScrapeCollector> logger)
    {
        this.progress = progress;
        this.binder = binder;
        this.counterSource = counterSource;
        this.sweep = sweep;
        this.metrics = metrics;
        this.runtimeHealth = runtimeHealth;
        this.readErrors = readErrors;
        this.logger = logger;
        discoveryErrors = metrics.ReadErrors.WithLabels("discovery");
        scrapeErrors = metrics.ReadErrors.WithLabels("scrape");
        dockerErrors = runtimeHealth is null ? [] : [.. RuntimeFailureLabels.All.Select(reason => (reason, metrics.DockerErrors.WithLabels(reason.Label())))];
    }

    public void Collect()
    {
        var started = Stopwatch.GetTimestamp();
        var plan = binder.Current;
        counterSource.Collect(plan, readErrors, logger);
        sweep.Sweep(plan);

        if (runtimeHealth is not null)
        {
            metrics.DockerUp.Set(runtimeHealth.IsUp ? 1 : 0);
            foreach (var (reason, series) in dockerErrors)
            {
                series.IncTo(runtimeHealth.Failures(reason));
            }
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
