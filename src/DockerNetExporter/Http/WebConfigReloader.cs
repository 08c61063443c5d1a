using DockerNetExporter.Configuration;

namespace DockerNetExporter.Http;

/// <summary>
/// Keeps the web config in force up to date without a restart, as the exporter toolkit (which
/// re-reads its file at every connection and request) does: the file and the files it names are
/// read every <see cref="Period"/> on the <see cref="TimeProvider"/>'s clock, and at SIGHUP, and
/// loaded when their fingerprint changes. Polling the content, not a FileSystemWatcher or the
/// mtime: inotify misses a file replaced through a symlink swap (a Kubernetes secret's ..data) or
/// under a bind mount, and an mtime is kept by cp -p and rsync and has one-second granularity on
/// some filesystems; three small files read and hashed every 2 s cost microseconds. A new file that
/// does not load keeps the last good one in force and is said once, until it changes again; so is
/// one that would turn TLS on or off, which the listener set up at start cannot do.
/// </summary>
internal sealed class WebConfigReloader(WebConfig initial, TimeProvider time, ILogger<WebConfigReloader> logger) : IHostedService, IDisposable
{
    public static readonly TimeSpan Period = TimeSpan.FromSeconds(2);

    private readonly Lock gate = new();
    private string lastSeen = initial.Fingerprint;
    private ITimer? timer;
    private volatile WebConfig current = initial;

    /// <summary>The web config in force: read at each connection (TLS) and each request (headers, users, rate limit).</summary>
    public WebConfig Current => current;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var config = current;
        Log.WebConfigInForce(logger, config.Path, config.Describe(), Period.TotalSeconds);
        foreach (var notice in config.Notices)
        {
            Log.WebConfigNotice(logger, config.Path, notice);
        }

        timer = time.CreateTimer(_ => Check(), null, Period, Period);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        timer?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => timer?.Dispose();

    /// <summary>Reads the files now and loads them if they changed since the last read.</summary>
    public void Check()
    {
        lock (gate)
        {
            var files = WebConfigFiles.Read(current.Path);
            if (files.Fingerprint == lastSeen)
            {
                return;
            }

            lastSeen = files.Fingerprint;
            WebConfig next;
            try
            {
                next = WebConfig.From(files);
            }
            catch (InvalidFlagException e)
            {
                Log.WebConfigNotReloaded(logger, current.Path, e.Message);
                return;
            }

            if ((next.Tls is null) != (current.Tls is null))
            {
                Log.WebConfigNotReloaded(logger, current.Path, $"it turns TLS {(next.Tls is null ? "off" : "on")}, which takes a restart (the listener is set up at start)");
                return;
            }

            current = next;
            Log.WebConfigReloaded(logger, next.Path, next.Describe());
            foreach (var notice in next.Notices)
            {
                Log.WebConfigNotice(logger, next.Path, notice);
            }
        }
    }
}
