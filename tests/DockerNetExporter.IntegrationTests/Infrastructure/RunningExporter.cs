using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using DockerNetExporter.Configuration;
using DockerNetExporter.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Logging;

namespace DockerNetExporter.IntegrationTests.Infrastructure;

/// <summary>The exporter running in this process on a free loopback port, against the real /sys, /proc and Docker engine.</summary>
internal sealed class RunningExporter : IAsyncDisposable
{
    private readonly WebApplication app;

    private RunningExporter(WebApplication app, Uri baseAddress, RecentLog log, X509Certificate2? serverCertificate)
    {
        this.app = app;
        Log = log;
        BaseAddress = baseAddress;
        ServerCertificate = serverCertificate;
        var handler = new HttpClientHandler();
        if (serverCertificate is not null)
        {
            // Trust exactly the certificate the test made, nothing else.
            handler.ServerCertificateCustomValidationCallback = (_, certificate, _, _) => certificate?.Thumbprint == serverCertificate.Thumbprint;
        }

        Http = new HttpClient(handler) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    /// <summary>The certificate it serves over TLS, if any; a client that trusts it alone can connect.</summary>
    public X509Certificate2? ServerCertificate { get; }

    public HttpClient Http { get; }

    /// <summary>The exporter's own debug log, for the message of a test that fails.</summary>
    public RecentLog Log { get; }

    /// <param name="resyncInterval">Long by default, so that what the tests see comes from Docker events, not from polling.</param>
    /// <param name="web">TLS and basic auth, as --web.config.file would set them.</param>
    /// <param name="counterSource">Where scrapes read the interface counters, as --counters.source sets it.</param>
    /// <param name="dockerEnabled">False: no Docker API, every namespace from the kernel, as --docker.enabled=false.</param>
    /// <param name="kernelScanInterval">How often the kernel is scanned without Docker, as --kernel.scan-interval.</param>
    /// <param name="protocols">Each namespace's TCP, UDP and IP counters served too, as --collector.protocols.</param>
    /// <param name="containerExclude">Containers whose name it matches are not served, as --container.exclude.</param>
    public static async Task<RunningExporter> StartAsync(
        Uri dockerHost, TimeSpan? resyncInterval = null, WebConfig? web = null, CounterSource counterSource = CounterSource.Sysfs,
        bool dockerEnabled = true, TimeSpan? kernelScanInterval = null, bool protocols = false, Regex? containerExclude = null)
    {
        var settings = new ExporterSettings(
            [new IPEndPoint(IPAddress.Loopback, 0)], web, dockerHost, dockerEnabled, "/sys", "/proc", counterSource, resyncInterval ?? TimeSpan.FromHours(1), kernelScanInterval ?? TimeSpan.FromSeconds(15), LogLevel.Warning,
            Protocols: protocols, ContainerExclude: containerExclude);
        var log = new RecentLog();
        var app = ExporterApp.Build(settings, logging =>
        {
            logging.AddProvider(log);
            logging.AddFilter<RecentLog>("DockerNetExporter", LogLevel.Debug);
        });
        await app.StartAsync();
        return new RunningExporter(app, new Uri(app.Urls.First()), log, web?.Tls?.Certificate);
    }

    public async Task<string> ScrapeTextAsync() => await Http.GetStringAsync(new Uri("/metrics", UriKind.Relative));

    public async Task<IReadOnlyList<Sample>> ScrapeAsync() => MetricsText.Parse(await ScrapeTextAsync());

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
