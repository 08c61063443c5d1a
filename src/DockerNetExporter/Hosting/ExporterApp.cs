using System.Reflection;
using System.Runtime.InteropServices;
using DockerNetExporter.Configuration;
using DockerNetExporter.Discovery;
using DockerNetExporter.Http;
using DockerNetExporter.Kernel;
using DockerNetExporter.Metrics;
using DockerNetExporter.Topology;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace DockerNetExporter.Hosting;

/// <summary>Composes the exporter: discover → map → snapshot → bind series → read counters at scrape → expose.</summary>
internal static class ExporterApp
{
    /// <summary>"VERSION+COMMIT": the SDK appends the git commit it built from (SourceRevisionId) when it finds .git or is given one.</summary>
    private static readonly string[] InformationalVersion =
        (typeof(ExporterApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown").Split('+');

    public static string Version { get; } = InformationalVersion[0];

    /// <summary>The git commit of the build, or "unknown" for one made without .git and without -p:SourceRevisionId (Dockerfile: the SOURCE_REVISION argument).</summary>
    public static string Revision { get; } = InformationalVersion is [_, var commit, ..] && commit.Length > 0 ? commit : "unknown";

    /// <param name="configureLogging">Adds to the logging set up from the settings (the tests keep a record of it).</param>
    public static WebApplication Build(ExporterSettings settings, Action<ILoggingBuilder>? configureLogging = null)
    {
        // Discovery reads sysfs and procfs synchronously, in bursts under container churn. With the
        // thread pool's default minimum (one thread per core), a scrape arriving in a burst waits for
        // the pool to grow, hundreds of milliseconds on a 2-core host; a few spare threads avoid that.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 8), completionPorts);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        AddConsole(builder.Logging, settings.LogFormat);
        builder.Logging.SetMinimumLevel(settings.LogLevel);
        builder.Logging.AddFilter("Microsoft", settings.LogLevel > LogLevel.Warning ? settings.LogLevel : LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        configureLogging?.Invoke(builder.Logging);
        builder.Host.UseSystemd();

        // Stopping waits for discovery at most this long: a mapping is bounded (BoundedReads), and
        // what is left of one when the process ends is nothing to save.
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        // Taken before anything starts, so that a missing socket, or an address that cannot be
        // listened on, is one line and an exit code.
        var passedSockets = settings.SystemdSocket ? SystemdSockets.Passed(Environment.ProcessId, Environment.GetEnvironmentVariable) : [];
        var listenSockets = settings.SystemdSocket ? [] : ListenSocket.BindAll(settings.ListenEndPoints);
        if (listenSockets.Length > 0)
        {
            // Kestrel asks for each by the address it was told: the bound one (port 0 made a port).
            var byEndPoint = listenSockets.ToDictionary(socket => socket.LocalEndPoint!);
            builder.WebHost.UseSockets(sockets => sockets.CreateBoundListenSocket = endPoint => byEndPoint[endPoint]);
        }

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var limit = kestrel.ApplicationServices.GetRequiredService<ConnectionLimit>();
            var web = kestrel.ApplicationServices.GetService<WebConfigReloader>();
            foreach (var socket in listenSockets)
            {
                kestrel.Listen((System.Net.IPEndPoint)socket.LocalEndPoint!, listen => ConfigureListener(listen, limit, web));
            }

            foreach (var socket in passedSockets)
            {
                kestrel.ListenHandle(socket, listen => ConfigureListener(listen, limit, web));
            }
        });

        builder.Services
            .AddSingleton(settings)
            .AddSingleton(TimeProvider.System)
            .AddKernel(new KernelPaths(settings.SysfsPath, settings.ProcfsPath), settings.MaxConnections)
            .AddTopology(
                stallAfter: settings.ResyncInterval > settings.KernelScanInterval ? settings.ResyncInterval : settings.KernelScanInterval,
                new ContainerFilter(settings.ContainerInclude, settings.ContainerExclude))
            .AddMetrics(settings.CounterSource, Version, Revision, settings.Protocols, settings.ContainerLabels)
            .AddDiscovery(settings)
            .AddSingleton<ConnectionLimit>()
            .AddMetricsCompression();
        if (settings.ExporterMetrics)
        {
            builder.Services.AddProcessMetrics();
        }

        if (settings.Web is { } webConfig)
        {
            builder.Services
                .AddSingleton(services => new WebConfigReloader(webConfig, services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<WebConfigReloader>>()))
                .AddHostedService(services => services.GetRequiredService<WebConfigReloader>());
        }

        var app = builder.Build();

        // Before serving, and before discovery publishes: the first scrape finds the series bound.
        // A counter source that cannot be read is found here, a bad flag.
        app.Services.StartMetrics();
        app.Use(app.Services.GetRequiredService<ConnectionLimit>().ServeAsync);
        var reloader = app.Services.GetService<WebConfigReloader>();
        if (reloader is not null)
        {
            app.Use(new WebConfigRequests(reloader, app.Services.GetRequiredService<TimeProvider>()).InvokeAsync);
        }

        // After basic auth: a request refused there holds no scrape's place.
        app.Use(new ScrapeRequestLimit(settings.MaxRequests).InvokeAsync);
        app.UseMetricsCompression();
        ExporterEndpoints.Map(app, Version, settings.TelemetryPath);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DockerNetExporter");
        if (settings.DockerEnabled)
        {
            Log.Starting(logger, Version, settings.SysfsPath, settings.ProcfsPath, settings.DockerHost, settings.ResyncInterval.TotalSeconds);
        }
        else
        {
            Log.StartingWithoutDocker(logger, Version, settings.SysfsPath, settings.ProcfsPath);
        }

        app.Lifetime.ApplicationStarted.Register(() => Log.Listening(logger, settings.TelemetryPath, string.Join(", ", app.Urls)));

        // SIGHUP's default action ends the process (exit 129), which systemd's Restart=on-failure may
        // leave down. It re-reads the web config now, if there is one; the flags are read at start.
        var hangup = PosixSignalRegistration.Create(PosixSignal.SIGHUP, context =>
        {
            context.Cancel = true;
            if (reloader is null)
            {
                Log.HangupIgnored(logger);
                return;
            }

            Log.HangupReload(logger, reloader.Current.Path);
            reloader.Check();
        });
        app.Lifetime.ApplicationStopped.Register(hangup.Dispose);
        return app;
    }

    /// <summary>One line per message on the console, in the --log.format asked.</summary>
    private static void AddConsole(ILoggingBuilder logging, LogFormat format)
    {
        const string timestamp = "yyyy-MM-ddTHH:mm:ss.fffZ";
        switch (format)
        {
            case LogFormat.Logfmt:
                // Registered as AddConsoleFormatter would, without its options binding (reflection, which AOT refuses): it has no options.
                logging.AddConsole(o => o.FormatterName = LogfmtFormatter.Name);
                logging.Services.AddSingleton<Microsoft.Extensions.Logging.Console.ConsoleFormatter, LogfmtFormatter>();
                break;
            case LogFormat.Json:
                logging.AddJsonConsole(o =>
                {
                    o.TimestampFormat = timestamp;
                    o.UseUtcTimestamp = true;
                });
                break;
            default:
                logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = timestamp + " ";
                    o.UseUtcTimestamp = true;
                });
                break;
        }
    }

    private static void ConfigureListener(ListenOptions listen, ConnectionLimit limit, WebConfigReloader? web)
    {
        // Before TLS: a connection past the limit costs no handshake.
        listen.Use(limit.Wrap);
        if (web?.Current.Tls is not null)
        {
            listen.UseHttps(TlsHandshake.Options(web, listen.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TlsHandshake))));
        }

        // After TLS, so that it reads the request line in clear.
        listen.Use(RequestLineGuard.Wrap);
    }
}
