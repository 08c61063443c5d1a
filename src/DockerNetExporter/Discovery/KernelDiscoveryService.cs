using DockerNetExporter.Configuration;
using DockerNetExporter.Runtime;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Discovery;

/// <summary>
/// Discovery with no container API (--docker.enabled=false): every --kernel.scan-interval, the
/// host's network namespaces are scanned, mapped to their veths and bridges, and published. With
/// nothing to announce changes, a namespace appears or goes within one interval.
/// </summary>
internal sealed class KernelDiscoveryService(
    KernelScanLoop scanLoop,
    ExporterSettings settings,
    TimeProvider timeProvider,
    ILogger<KernelDiscoveryService> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        Log.DockerDisabled(logger, settings.KernelScanInterval.TotalSeconds);

        // With no Docker, the picture is as new as the scan: its time is the sync time.
        return scanLoop.RunAsync(
            atStart: true,
            () => new MappingRequest(RuntimeInventory.Empty, timeProvider.GetUtcNow(), ReuseNamespaceReads: false, KernelScanUse.Fresh),
            stoppingToken);
    }
}
