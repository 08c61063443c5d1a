using System.Diagnostics;
using System.Threading.Channels;
using DockerNetExporter.Configuration;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Docker;

/// <summary>
/// Keeps the topology in step with Docker: one full sync when a session starts, then Docker events
/// applied as they come, and a full resync every --docker.resync-interval as a safety net. A session
/// that fails (Docker down, stream broken) is retried forever with backoff and starts with a full
/// resync; meanwhile the last topology stays published, so scrapes keep serving its kernel counters.
/// </summary>
internal sealed class DockerDiscoveryService(
    DockerInventorySource source,
    IDockerApi api,
    TopologyMapper mapper,
    TopologyStore store,
    DockerHealth health,
    ExporterSettings settings,
    TimeProvider timeProvider,
    ILogger<DockerDiscoveryService> logger) : BackgroundService
{
    private DockerInventory inventory = DockerInventory.Empty;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var sessions = DockerResilience.EventsSession(timeProvider, OnSessionFailed);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await sessions.ExecuteAsync(RunSessionAsync, stoppingToken);
                Log.EventsStreamEnded(logger);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async ValueTask RunSessionAsync(CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var events = Channel.CreateUnbounded<DockerEvent>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });

        // Subscribe before listing, so nothing that happens during the full sync is missed.
        var watch = Task.Run(() => api.WatchEventsAsync(e => events.Writer.TryWrite(e), session.Token), session.Token);
        _ = watch.ContinueWith(t => events.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
        try
        {
            await FullSyncAsync(cancellationToken);
            using var resync = new PeriodicTimer(settings.ResyncInterval, timeProvider);
            var tick = resync.WaitForNextTickAsync(cancellationToken).AsTask();
            var ready = events.Reader.WaitToReadAsync(cancellationToken).AsTask();
            while (true)
            {
                if (await Task.WhenAny(ready, tick) == tick)
                {
                    await tick;
                    await FullSyncAsync(cancellationToken);
                    tick = resync.WaitForNextTickAsync(cancellationToken).AsTask();
                    continue;
                }

                if (!await ready)
                {
                    return; // The daemon closed the stream; the caller reconnects.
                }

                var batch = new List<DockerEvent>();
                while (events.Reader.TryRead(out var e))
                {
                    batch.Add(e);
                }

                Log.ApplyingEvents(logger, batch.Count);
                inventory = await source.ApplyAsync(inventory, batch, cancellationToken);
                Publish(timeProvider.GetUtcNow());
                ready = events.Reader.WaitToReadAsync(cancellationToken).AsTask();
            }
        }
        finally
        {
            await session.CancelAsync();
        }
    }

    private async Task FullSyncAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        inventory = await source.LoadAsync(cancellationToken);
        var syncedAt = timeProvider.GetUtcNow();
        if (health.MarkUp())
        {
            Log.DockerReachable(logger, settings.DockerHost, inventory.Containers.Count, inventory.Networks.Count);
        }

        Publish(syncedAt);
        Log.FullSyncDone(logger, inventory.Containers.Count, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private void Publish(DateTimeOffset syncedAt)
    {
        var started = Stopwatch.GetTimestamp();
        var snapshot = mapper.Map(inventory, syncedAt);
        store.Publish(snapshot);
        Log.TopologyPublished(logger, snapshot.Containers.Length, snapshot.Containers.Sum(c => c.Interfaces.Length), snapshot.Bridges.Length,
            Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private void OnSessionFailed(Exception exception, TimeSpan retryIn)
    {
        if (health.MarkDown())
        {
            Log.DockerUnreachable(logger, settings.DockerHost, exception.GetBaseException().Message);
        }

        Log.DockerRetry(logger, retryIn.TotalSeconds, exception.GetBaseException().Message);
    }
}
