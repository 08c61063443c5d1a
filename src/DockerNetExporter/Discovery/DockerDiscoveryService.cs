using System.Diagnostics;
using System.Threading.Channels;
using DockerNetExporter.Configuration;
using DockerNetExporter.Docker;
using DockerNetExporter.Runtime;
using DockerNetExporter.Topology;

namespace DockerNetExporter.Discovery;

/// <summary>
/// Keeps the topology in step with Docker. A session subscribes to Docker events, then takes a full
/// sync, then applies events as they come, with a full resync every --docker.resync-interval as a
/// safety net. A session that fails, or whose stream closes soon after it began, is retried with
/// exponential backoff; one that ran healthily for a while is followed at once by a new session whose
/// backoff starts afresh. Meanwhile the last topology stays published, so scrapes keep serving its
/// kernel counters. Docker is up (<see cref="RuntimeHealth"/>) once a full sync succeeded, and down,
/// with the reason, as soon as a sync or the session fails.
/// </summary>
internal sealed class DockerDiscoveryService(
    DockerInventorySource source,
    IDockerApi api,
    TopologyPublisher publisher,
    KernelScanLoop scanLoop,
    RuntimeHealth health,
    ExporterSettings settings,
    TimeProvider timeProvider,
    ILogger<DockerDiscoveryService> logger) : BackgroundService
{
    /// <summary>A session that lasted this long ended for a new reason, not the one retried before.</summary>
    private static readonly TimeSpan HealthySession = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Events read and not yet applied. A mass restart of 5,000 containers sends some 25,000 events,
    /// applied in batches as they come; past this many waiting, the rest are dropped and one full
    /// sync stands in for them all, so a daemon that floods events holds no more memory than this.
    /// </summary>
    private const int PendingEvents = 10_000;

    private readonly Once saidEventsDropped = new();

    private RuntimeInventory inventory = RuntimeInventory.Empty;
    private DateTimeOffset? lastConfirmed;
    private bool saidKernelFallback;
    private long eventsReceived;
    private int eventsDropped;
    private volatile bool sessionEstablished;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Its first interval counts from the start.
        var standIn = scanLoop.RunAsync(atStart: false, MapFromKernelWhileDockerIsSilent, stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var sessions = DockerResilience.EventsSession(timeProvider, OnSessionFailed);
                await sessions.ExecuteAsync(RunSessionAsync, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        try
        {
            await standIn;
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>
    /// At each tick of --kernel.scan-interval (counted from the start) that finds no session
    /// established (Docker down, or never reached), maps the last known containers and a fresh
    /// kernel scan: namespaces Docker never named, or started while it is away, are mapped from the
    /// kernel, named by cgroup, netns file or process.
    /// </summary>
    private MappingRequest? MapFromKernelWhileDockerIsSilent()
    {
        if (sessionEstablished)
        {
            saidKernelFallback = false;
            return null;
        }

        if (!saidKernelFallback)
        {
            saidKernelFallback = true;
            Log.KernelFallback(logger, settings.KernelScanInterval.TotalSeconds);
        }

        // The picture's Docker part is as old as Docker's last answer: the sync time stays there.
        // Its namespaces are read again, not reused: containers that exited meanwhile lose their veths.
        return new MappingRequest(inventory, lastConfirmed, ReuseNamespaceReads: false, KernelScanUse.Fresh);
    }

    private async ValueTask RunSessionAsync(CancellationToken cancellationToken)
    {
        using var session = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var subscription = await api.SubscribeEventsAsync(session.Token);
        var events = Channel.CreateBounded<DockerEvent>(new BoundedChannelOptions(PendingEvents) { SingleReader = true, SingleWriter = true });
        Volatile.Write(ref eventsDropped, 0);
        var reading = Task.Run(
            () => subscription.ReadAsync(
                e =>
                {
                    Interlocked.Increment(ref eventsReceived);
                    if (!events.Writer.TryWrite(e))
                    {
                        Interlocked.Increment(ref eventsDropped);
                    }
                },
                session.Token),
            session.Token);
        _ = reading.ContinueWith(t => events.Writer.TryComplete(t.Exception?.InnerException), TaskScheduler.Default);
        long established = 0;
        try
        {
            await FullSyncAsync(cancellationToken);
            established = timeProvider.GetTimestamp();
            sessionEstablished = true;
            await FollowEventsAsync(events.Reader, cancellationToken);
            if (timeProvider.GetElapsedTime(established) < HealthySession)
            {
                throw new DockerEventsLostException("Docker closed the events stream soon after it was opened");
            }

            Log.EventsStreamEnded(logger);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && established != 0 && timeProvider.GetElapsedTime(established) >= HealthySession)
        {
            // Lost after a healthy while: said, and the next session begins at once.
            MarkDown(e);
        }
        finally
        {
            sessionEstablished = false;
            await session.CancelAsync();
        }
    }

    /// <summary>Applies events as they arrive and resyncs on the timer; returns when the stream ends, throws if it fails.</summary>
    private async Task FollowEventsAsync(ChannelReader<DockerEvent> events, CancellationToken cancellationToken)
    {
        using var resync = new PeriodicTimer(settings.ResyncInterval, timeProvider);
        var tick = resync.WaitForNextTickAsync(cancellationToken).AsTask();
        var receivedByLastTick = Interlocked.Read(ref eventsReceived);
        var ready = events.WaitToReadAsync(cancellationToken).AsTask();
        while (true)
        {
            if (await Task.WhenAny(ready, tick) == tick)
            {
                await tick;
                var followed = inventory;
                await FullSyncAsync(cancellationToken);

                // The events should have told us everything the full sync found. If not one event came
                // in a whole interval and yet something changed, the stream has gone quiet without
                // closing (a half-open connection): end the session, so a new one subscribes again.
                // While events flow, a difference is more likely a change whose event is on its way.
                var received = Interlocked.Read(ref eventsReceived);
                var quiet = received == receivedByLastTick;
                receivedByLastTick = received;
                if (quiet && followed.DriftFrom(inventory) is { } drift)
                {
                    throw new DockerEventsLostException($"the events stream missed a change ({drift})");
                }

                tick = resync.WaitForNextTickAsync(cancellationToken).AsTask();
                continue;
            }

            if (!await ready)
            {
                return;
            }

            var batch = new List<DockerEvent>();
            while (events.TryRead(out var e))
            {
                batch.Add(e);
            }

            // Events were dropped while these waited: a full sync, taken after them all, stands in for them.
            if (Interlocked.Exchange(ref eventsDropped, 0) is var dropped and > 0)
            {
                LogEventsDropped(dropped);
                await FullSyncAsync(cancellationToken);
            }
            else
            {
                Log.ApplyingEvents(logger, batch.Count);
                inventory = await source.ApplyAsync(inventory, batch, cancellationToken);
                lastConfirmed = timeProvider.GetUtcNow();
                Publish(lastConfirmed, reuseNamespaceReads: true, KernelScanUse.Last);
            }

            ready = events.WaitToReadAsync(cancellationToken).AsTask();
        }
    }

    private async Task FullSyncAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        inventory = await source.LoadAsync(inventory, cancellationToken);
        lastConfirmed = timeProvider.GetUtcNow();

        var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

        // Up before the picture is published: a scrape that sees the synced containers sees docker_up 1 with them.
        // Said at info when Docker comes up (the first sync, a recovery); each resync only at debug.
        if (health.MarkUp())
        {
            Log.DockerUp(logger, settings.DockerHost, inventory.Containers.Count, inventory.Networks.Count, milliseconds);
        }
        else
        {
            Log.FullSyncDone(logger, inventory.Containers.Count, inventory.Networks.Count, milliseconds);
        }

        Publish(lastConfirmed, reuseNamespaceReads: false, KernelScanUse.Fresh);
    }

    /// <param name="reuseNamespaceReads">After events: only the containers they changed have their namespace read again.</param>
    /// <param name="scan">
    /// Fresh at full syncs (and while Docker is silent, see <see cref="MapFromKernelWhileDockerIsSilent"/>);
    /// after events, the last scan stands: what Docker announces is Docker's.
    /// </param>
    private void Publish(DateTimeOffset? syncedAt, bool reuseNamespaceReads, KernelScanUse scan) =>
        publisher.Publish(new MappingRequest(inventory, syncedAt, reuseNamespaceReads, scan));

    /// <summary>A failed session is retried with backoff; its reason is said when it changes, not at each retry.</summary>
    private void OnSessionFailed(Exception exception, TimeSpan retryIn)
    {
        MarkDown(exception);
        Log.DockerRetry(logger, retryIn.TotalSeconds, DockerFailures.Describe(exception));
    }

    /// <summary>
    /// Counts the failure under its reason and says it in one line if Docker was up, or down for
    /// another reason; with the stack trace when the reason is a defect, not Docker's answer.
    /// </summary>
    private void MarkDown(Exception exception)
    {
        var reason = DockerFailures.Classify(exception);
        if (health.MarkDown(reason))
        {
            Log.DockerDown(logger, reason == RuntimeFailure.Other ? exception : null, settings.DockerHost, reason.Label(), DockerFailures.Describe(exception));
        }
    }

    private void LogEventsDropped(int dropped)
    {
        if (saidEventsDropped.TryTake())
        {
            Log.EventsDropped(logger, PendingEvents, dropped);
        }
    }
}
