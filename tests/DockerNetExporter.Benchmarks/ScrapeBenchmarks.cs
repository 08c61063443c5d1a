using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using DockerNetExporter.Configuration;
using DockerNetExporter.Docker;
using DockerNetExporter.Metrics;
using DockerNetExporter.Procfs;
using DockerNetExporter.Sysfs;
using DockerNetExporter.Topology;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace DockerNetExporter.Benchmarks;

/// <summary>
/// The scrape path over a topology of N mapped container interfaces on real veths: the sweep that
/// moves every series to the kernel's values, and the whole /metrics body (sweep and exposition),
/// with the counters from sysfs or from /proc/net/dev (--counters.source).
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

    [Params("sysfs", "proc-net-dev")]
    public string Counters { get; set; } = "sysfs";

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
        var source = Counters == "sysfs" ? CounterSource.Sysfs : CounterSource.ProcNetDev;
        binder = new SeriesBinder(store, metrics, source, OpenFileBudget.Unlimited);
        var netDevSweep = source == CounterSource.ProcNetDev ? new NetDevSweep(NetDevFile.Open("/proc/net/dev")) : null;
        collector = new ScrapeCollector(registry, binder, netDevSweep, metrics, new DockerHealth(), new ReadErrors(), NullLogger<ScrapeCollector>.Instance);
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
