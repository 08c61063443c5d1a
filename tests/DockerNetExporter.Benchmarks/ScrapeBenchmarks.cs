using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using DockerNetExporter.Docker;
using DockerNetExporter.Metrics;
using DockerNetExporter.Sysfs;
using DockerNetExporter.Topology;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace DockerNetExporter.Benchmarks;

/// <summary>
/// The scrape path over a topology of N mapped container interfaces on real veths: the sweep that
/// moves every series to the kernel's values, and the whole /metrics body (sweep and exposition).
/// </summary>
[MemoryDiagnoser]
public class ScrapeBenchmarks
{
    private VethPairs pairs = null!;
    private SeriesBinder binder = null!;
    private ScrapeCollector collector = null!;
    private CollectorRegistry registry = null!;

    [Params(100, 1000)]
    public int ContainerInterfaces { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        pairs = VethPairs.Create(ContainerInterfaces);
        var containers = pairs.HostEnds.Zip(pairs.PeerEnds).Select((pair, i) => new ContainerNode(
            $"{i:x64}", $"container-{i}", "busybox", "bridge", 4026532000UL + (ulong)i, "", "",
            [new VethLink("eth0", $"/sys/class/net/{pair.Second}", pair.First, i + 1, $"/sys/class/net/{pair.First}", "docker0", "bridge", "02:42:ac:11:00:02")],
            [new IpAssignment("eth0", "bridge", "ipv4", $"172.17.{i / 250}.{(i % 250) + 2}", "02:42:ac:11:00:02")]));
        registry = Prometheus.Metrics.NewCustomRegistry();
        var metrics = new ExporterMetrics(registry, "bench");
        var store = new TopologyStore();
        binder = new SeriesBinder(store, metrics);
        collector = new ScrapeCollector(registry, binder, metrics, new DockerHealth(), new ReadErrors(), NullLogger<ScrapeCollector>.Instance);
        store.Publish(new TopologySnapshot([.. containers], ImmutableArray<BridgeNode>.Empty, DateTimeOffset.UtcNow));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        binder.Dispose();
        pairs.Dispose();
    }

    [Benchmark]
    public void Sweep() => collector.Collect();

    [Benchmark]
    public Task WholeScrape() => registry.CollectAndExportAsTextAsync(Stream.Null);
}
