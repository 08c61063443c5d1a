using DockerNetExporter.Configuration;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Discovery;

/// <summary>
/// The one timed loop that maps from the kernel, for both modes: every --kernel.scan-interval
/// (counted from the call), it asks what to map and publishes it. With Docker off that is every
/// tick and the start; with Docker on, the ticks that find Docker silent. A mapping that fails is
/// logged and the last picture stays served; the next tick tries again.
/// </summary>
internal sealed class KernelScanLoop(TopologyPublisher publisher, ExporterSettings settings, TimeProvider timeProvider, ILogger<KernelScanLoop> logger)
{
    /// <param name="atStart">Map once before the first interval, on the caller's thread.</param>
    /// <param name="due">What to map at this tick, or null to let it pass.</param>
    /// <remarks>The interval's timer starts before the first await, so it counts from the call.</remarks>
    public async Task RunAsync(bool atStart, Func<MappingRequest?> due, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(settings.KernelScanInterval, timeProvider);
        try
        {
            if (atStart)
            {
                Publish(due());
            }

            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Publish(due());
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void Publish(MappingRequest? request)
    {
        if (request is null)
        {
            return;
        }

        try
        {
            publisher.Publish(request);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Log.KernelScanFailed(logger, e);
        }
    }
}
