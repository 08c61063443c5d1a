using System.Reflection;
using Docker.DotNet;
using DockerNetExporter.Configuration;
using DockerNetExporter.Docker;
using DockerNetExporter.Http;
using DockerNetExporter.Metrics;
using DockerNetExporter.Sysfs;
using DockerNetExporter.Topology;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
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
        // Discovery reads sysfs and procfs synchronously, in bursts under container churn. With the
        // thread pool's default minimum (one thread per core), a scrape arriving in a burst waits for
        // the pool to grow, hundreds of milliseconds on a 2-core host; a few spare threads avoid that.
        ThreadPool.GetMinThreads(out var workers, out var completionPorts);
        ThreadPool.SetMinThreads(Math.Max(workers, 8), completionPorts);

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
                kestrel.ListenAnyIP(endPoint.Port, listen => ConfigureListener(listen, settings.Web?.Tls));
            }
            else
            {
                kestrel.Listen(endPoint, listen => ConfigureListener(listen, settings.Web?.Tls));
            }
        });

        var registry = Prometheus.Metrics.NewCustomRegistry();

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
        services.AddSingleton<ProcessMetrics>();
        services.AddSingleton<IDockerApi>(sp => new DockerApi(
            new DockerClientBuilder().WithEndpoint(settings.DockerHost).Build(),
            DockerResilience.ApiCalls(sp.GetRequiredService<TimeProvider>()),
            sp.GetRequiredService<DockerHealth>(),
            settings.DockerHost,
            sp.GetRequiredService<ILogger<DockerApi>>()));
        services.AddSingleton<DockerInventorySource>();
        services.AddHostedService<DockerDiscoveryService>();

        var app = builder.Build();
        if (settings.Web is { BasicAuthUsers.Count: > 0 } web)
        {
            app.Use(new BasicAuthentication(web.BasicAuthUsers).InvokeAsync);
        }

        ExporterEndpoints.Map(app, Version);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("DockerNetExporter");
        Log.Starting(logger, Version, settings.SysfsPath, settings.ProcfsPath, settings.DockerHost, settings.ResyncInterval.TotalSeconds);
        app.Lifetime.ApplicationStarted.Register(() => Log.Listening(logger, string.Join(", ", app.Urls)));
        return app;
    }

    private static void ConfigureListener(ListenOptions listen, TlsSettings? tls)
    {
        if (tls is not null)
        {
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = tls.Certificate,
                SslProtocols = tls.Protocols,
                ClientCertificateMode = tls.ClientAuthType switch
                {
                    "NoClientCert" => ClientCertificateMode.NoCertificate,
                    "RequestClientCert" or "VerifyClientCertIfGiven" => ClientCertificateMode.AllowCertificate,
                    _ => ClientCertificateMode.RequireCertificate,
                },
                ClientCertificateValidation = (certificate, chain, _) => ClientCertificateTrust.IsTrusted(certificate, chain, tls),
            });
        }

        // After TLS, so that it reads the request line in clear.
        listen.Use(RequestLineGuard.Wrap);
    }
}
