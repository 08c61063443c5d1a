using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using DockerNetExporter.Configuration;
using DockerNetExporter.Kernel;
using DockerNetExporter.Metrics;
using DockerNetExporter.Runtime;
using DockerNetExporter.Topology;
using Microsoft.Extensions.DependencyInjection;
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
    private ServiceProvider services = null!;
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
        services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddKernel(new KernelPaths("/sys", "/proc"))
            .AddSingleton(OpenFileBudget.Unlimited)
            .AddTopology()
            .AddSingleton<RuntimeHealth>()
            .AddMetrics(Counters == "sysfs" ? CounterSource.Sysfs : CounterSource.ProcNetDev, "bench")
            .BuildServiceProvider();
        services.StartMetrics();
        registry = services.GetRequiredService<CollectorRegistry>();
        collector = services.GetRequiredService<ScrapeCollector>();
        services.GetRequiredService<TopologyStore>().Publish(new TopologySnapshot([.. containers], ImmutableArray<BridgeNode>.Empty, DateTimeOffset.UtcNow));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        services.Dispose();
        pairs.Dispose();
    }

    [Benchmark]
    public void Sweep() => collector.Collect();

    [Benchmark]
    public Task WholeScrape() => registry.CollectAndExportAsTextAsync(Stream.Null);
}
