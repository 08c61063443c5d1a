using BenchmarkDotNet.Attributes;
using DockerNetExporter.Configuration;
using DockerNetExporter.Kernel;
using DockerNetExporter.Metrics;
using DockerNetExporter.Runtime;
using DockerNetExporter.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace DockerNetExporter.Benchmarks;

/// <summary>
/// The scrape path over N containers' worth of real namespaces (<see cref="NamespacedProcesses"/>),
/// mapped as the exporter maps them: the sweep that moves every series to the kernel's values, and
/// the whole /metrics body (sweep and exposition). Per container, its host veth's counters from
/// sysfs or from /proc/net/dev (--counters.source), its eth0's mtu and operstate through
/// /proc/PID/root/sys, and with --collector.protocols its namespace's snmp, netstat and snmp6
/// through /proc/PID/net. The sweep on the scraping thread alone (SweepThreads 1), or shared with a
/// helper (2, what the exporter does on this 2-core machine). On a host shared with other work, the
/// minimum is the figure least disturbed by it (other work only adds time), the median the typical.
/// </summary>
[MemoryDiagnoser]
[MinColumn]
[MedianColumn]
[MaxColumn]
public class ScrapeBenchmarks
{
    private NamespacedProcesses host = null!;
    private ServiceProvider services = null!;
    private ScrapeCollector collector = null!;
    private CollectorRegistry registry = null!;

    [Params(100, 1000)]
    public int Containers { get; set; }

    [Params("sysfs", "proc-net-dev")]
    public string Counters { get; set; } = "sysfs";

    [Params(false, true)]
    public bool Protocols { get; set; }

    [Params(1, 2)]
    public int SweepThreads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        host = NamespacedProcesses.Create(Containers);
        services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddKernel(new KernelPaths("/sys", "/proc"))
            .AddSingleton(OpenFileBudget.Unlimited)
            .AddTopology()
            .AddSingleton<RuntimeHealth>()
            .AddMetrics(Counters == "sysfs" ? CounterSource.Sysfs : CounterSource.ProcNetDev, "bench", "bench", Protocols)
            .AddSingleton(sp => new SweepPool(SweepThreads, SweepPool.DefaultChunk, sp.GetRequiredService<ReadErrors>(), sp.GetRequiredService<ILogger<ScrapeCollector>>()))
            .BuildServiceProvider();
        services.StartMetrics();
        registry = services.GetRequiredService<CollectorRegistry>();
        collector = services.GetRequiredService<ScrapeCollector>();
        services.GetRequiredService<TopologyPublisher>().Publish(new MappingRequest(host.Inventory, DateTimeOffset.UtcNow, ReuseNamespaceReads: false, KernelScanUse.None));

        // What is measured must be the whole path: every container mapped, and every read succeeding.
        var plan = services.GetRequiredService<SeriesBinder>().Current;
        var mapped = plan.Snapshot.Containers.Count(c => c.Interfaces.Length == 1);
        if (mapped != Containers || plan.Protocols.Length != (Protocols ? Containers : 0))
        {
            throw new InvalidOperationException($"{mapped} of {Containers} containers mapped, {plan.Protocols.Length} namespaces' protocol counters bound");
        }

        collector.Collect();
        if (services.GetRequiredService<ReadErrors>().ScrapeCount != 0)
        {
            throw new InvalidOperationException("reads failed: the figures would not be of the whole path");
        }
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        services.Dispose();
        host.Dispose();
    }

    [Benchmark]
    public void Sweep() => collector.Collect();

    [Benchmark]
    public Task WholeScrape() => registry.CollectAndExportAsTextAsync(Stream.Null);

    /// <summary>The whole /metrics body, as a scrape takes it (for <see cref="GzipBenchmarks"/>).</summary>
    internal byte[] Exposition()
    {
        using var body = new MemoryStream();
        registry.CollectAndExportAsTextAsync(body).GetAwaiter().GetResult();
        return body.ToArray();
    }
}
