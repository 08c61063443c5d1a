using System.Reflection;
using Docker.DotNet;
using DockerNetExporter.Configuration;
using DockerNetExporter.Docker;
using DockerNetExporter.Http;
using DockerNetExporter.Metrics;
using DockerNetExporter.Sysfs;
using DockerNetExporter.Topology;
using Prometheus;

namespace DockerNetExporter;

/// <summary>Composes the exporter: discover → map → snapshot → bind series → read counters at scrape → expose.</summary>
internal static class ExporterApp
{
    public static string Version { get; } =
        typeof(ExporterApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "unknown";

    /// <param name="configureLogging">Adds to the logging set up from the settings (the tests keep a record of it).</param>
    public static WebApplication Build(ExporterSettings settings, Action<ILoggingBuilder>? configureLogging = null)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.SetMinimumLevel(settings.LogLevel);
        builder.Logging.AddFilter("Microsoft", settings.LogLevel > LogLevel.Warning ? settings.LogLevel : LogLevel.Warning);
        builder.Logging.AddFilter("Polly", LogLevel.Warning);
        configureLogging?.Invoke(builder.Logging);
        builder.Host.UseSystemd();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var endPoint = settings.ListenEndPoint;
            if (endPoint.Address.Equals(System.Net.IPAddress.IPv6Any))
            {
                kestrel.ListenAnyIP(endPoint.Port);
            }
            else
            {
                kestrel.Listen(endPoint);
            }
        });

        var registry = Prometheus.Metrics.NewCustomRegistry();
        DotNetStats.Register(registry);

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(registry);
        services.AddSingleton(new KernelPaths(settings.SysfsPath, settings.ProcfsPath));
        services.AddSingleton<ReadErrors>();
        services.AddSingleton<NetClassReader>();
        services.AddSingleton<TopologyMapper>();
        services.AddSingleton<TopologyStore>();
        services.AddSingleton<DockerHealth>();
        services.AddSingleton(sp => new ExporterMetrics(sp.GetRequiredService<CollectorRegistry>(), Version));
        services.AddSingleton<SeriesBinder>();
        services.AddSingleton<ScrapeCollector>();
        services.AddSingleton<IDockerApi>(sp => new DockerApi(
            new DockerClientBuilder().WithEndpoint(settings.DockerHost).Build(),
            DockerResilience.ApiCalls(sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<DockerHealth>(),
            settings.DockerHost,
            sp.GetRequiredService<ILogger<DockerApi>>()));
        services.AddSingleton<DockerInventorySource>();
        services.AddHostedService<DockerDiscoveryService>();

        var app = builder.Build();
        ExporterEndpoints.Map(app, Version);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DockerNetExporter");
        Log.Starting(logger, Version, settings.SysfsPath, settings.ProcfsPath, settings.DockerHost, settings.ResyncInterval.TotalSeconds);
        app.Lifetime.ApplicationStarted.Register(() => Log.Listening(logger, settings.ListenEndPoint));
        return app;
    }
}
