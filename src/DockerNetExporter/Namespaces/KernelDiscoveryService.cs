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
    TopologyPublisher publisher,
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
                    // With no Docker, the picture is as new as the scan: its time is the sync time.
                    publisher.Publish(DockerInventory.Empty, timeProvider.GetUtcNow(), reuseNamespaceReads: false, kernel.Scan);
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
}
