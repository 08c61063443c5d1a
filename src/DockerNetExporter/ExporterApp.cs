using System.Reflection;
using Docker.DotNet;
using DockerNetExporter.Configuration;
using DockerNetExporter.Docker;
using DockerNetExporter.Http;
using DockerNetExporter.Metrics;
using DockerNetExporter.Namespaces;
using DockerNetExporter.Procfs;
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
        var paths = new KernelPaths(settings.SysfsPath, settings.ProcfsPath);
        var netDevSweep = settings.CounterSource == CounterSource.ProcNetDev ? new NetDevSweep(OpenHostNetDev(paths)) : null;

        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(registry);
        services.AddSingleton(paths);
        services.AddSingleton<ReadErrors>();
        services.AddSingleton<NetClassReader>();
        services.AddSingleton<TopologyMapper>();
        services.AddSingleton<TopologyStore>();
        services.AddSingleton<TopologyPublisher>();
        services.AddSingleton<DockerHealth>();
        services.AddSingleton(sp => new ExporterMetrics(sp.GetRequiredService<CollectorRegistry>(), Version));
        services.AddSingleton(sp => new OpenFileBudget(
            ProcFile.TryReadAll(paths.SelfLimits, out var limits) && OpenFiles.TryParseSoftLimit(limits, out var softLimit) ? OpenFileBudget.CapacityUnder(softLimit) : long.MaxValue,
            sp.GetRequiredService<ILogger<OpenFileBudget>>()));
        services.AddSingleton(sp => new SeriesBinder(
            sp.GetRequiredService<TopologyStore>(), sp.GetRequiredService<ExporterMetrics>(), settings.CounterSource, sp.GetRequiredService<OpenFileBudget>()));
        services.AddSingleton(sp => new ScrapeCollector(
            sp.GetRequiredService<CollectorRegistry>(),
            sp.GetRequiredService<SeriesBinder>(),
            netDevSweep,
            sp.GetRequiredService<ExporterMetrics>(),
            settings.DockerEnabled ? sp.GetRequiredService<DockerHealth>() : null,
            sp.GetRequiredService<ReadErrors>(),
            sp.GetRequiredService<ILogger<ScrapeCollector>>()));
        services.AddSingleton<ProcessMetrics>();
        services.AddSingleton<KernelNamespaceSource>();
        if (settings.DockerEnabled)
        {
            services.AddSingleton<IDockerApi>(sp => new DockerApi(
                new DockerClientBuilder().WithEndpoint(settings.DockerHost).Build(),
                DockerResilience.ApiCalls(sp.GetRequiredService<TimeProvider>()),
                sp.GetRequiredService<DockerHealth>(),
                settings.DockerHost,
                sp.GetRequiredService<ILogger<DockerApi>>()));
            services.AddSingleton<DockerInventorySource>();
            services.AddHostedService<DockerDiscoveryService>();
        }
        else
        {
            services.AddHostedService<KernelDiscoveryService>();
        }

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

    /// <summary>Checked at start: a counter source that cannot be read is a bad flag, not a scrape error every time.</summary>
    private static NetDevFile OpenHostNetDev(KernelPaths paths)
    {
        try
        {
            return NetDevFile.Open(paths.HostNetDev);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var flag = ExporterFlag.CounterSource.Name;
            throw new InvalidFlagException(flag, $"{flag} proc-net-dev: cannot read {paths.HostNetDev}: {e.Message}");
        }
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
