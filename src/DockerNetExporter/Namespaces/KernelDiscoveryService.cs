using System.Diagnostics;
using DockerNetExporter.Configuration;
using DockerNetExporter.Docker;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Namespaces;

/// <summary>
/// Discovery with no container API (--docker.enabled=false): every --kernel.scan-interval, the
/// host's network namespaces are scanned, mapped to their veths and bridges, and published. With
/// nothing to announce changes, a namespace appears or goes within one interval.
/// </summary>
internal sealed class KernelDiscoveryService(
    KernelNamespaceSource kernel,
    TopologyMapper mapper,
    TopologyStore store,
    ExporterSettings settings,
    TimeProvider timeProvider,
    ILogger<KernelDiscoveryService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.DockerDisabled(logger, settings.KernelScanInterval.TotalSeconds);
        using var timer = new PeriodicTimer(settings.KernelScanInterval, timeProvider);
        try
        {
            do
            {
                try
                {
                    Publish();
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // The last picture stays served; the next tick tries again.
                    Log.KernelScanFailed(logger, e);
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>With no Docker, the picture is as new as the scan: its time is the sync time.</summary>
    private void Publish()
    {
        var started = Stopwatch.GetTimestamp();
        var snapshot = mapper.Map(DockerInventory.Empty, timeProvider.GetUtcNow(), scanKernel: kernel.Scan);
        store.Publish(snapshot);
        Log.TopologyPublished(logger, snapshot.Containers.Length, snapshot.Containers.Sum(c => c.Interfaces.Length), snapshot.Bridges.Length,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }
}
