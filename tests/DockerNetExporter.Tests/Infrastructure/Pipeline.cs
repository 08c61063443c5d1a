using System.Text;
using DockerNetExporter.Configuration;
using DockerNetExporter.Docker;
using DockerNetExporter.Procfs;
using DockerNetExporter.Metrics;
using DockerNetExporter.Namespaces;
using DockerNetExporter.Sysfs;
using DockerNetExporter.Topology;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;

namespace DockerNetExporter.Tests.Infrastructure;

/// <summary>
/// The exporter's scrape pipeline wired by hand, without DI or HTTP, over a fixture tree:
/// mapper → store → binder → collector → a registry of its own.
/// </summary>
internal sealed class Pipeline : IDisposable
{
    /// <param name="counterSource">ProcNetDev: the counters come from TREE/proc/1/net/dev.</param>
    /// <param name="budget">How many files the series may keep open; no limit by default.</param>
    public Pipeline(string treeRoot, CounterSource counterSource = CounterSource.Sysfs, OpenFileBudget? budget = null)
    {
        Paths = new KernelPaths(Path.Combine(treeRoot, "sys"), Path.Combine(treeRoot, "proc"), Path.Combine(treeRoot, "run"));
        ReadErrors = new ReadErrors();
        var netClass = new NetClassReader(ReadErrors, NullLogger<NetClassReader>.Instance);
        Mapper = new TopologyMapper(Paths, netClass, ReadErrors, NullLogger<TopologyMapper>.Instance);
        Kernel = new KernelNamespaceSource(Paths, netClass, ReadErrors, NullLogger<KernelNamespaceSource>.Instance);
        Registry = Prometheus.Metrics.NewCustomRegistry();
        Metrics = new ExporterMetrics(Registry, "test");
        Store = new TopologyStore();
        Binder = new SeriesBinder(Store, Metrics, counterSource, budget ?? OpenFileBudget.Unlimited);
        Health = new DockerHealth();
        var netDevSweep = counterSource == CounterSource.ProcNetDev ? new NetDevSweep(NetDevFile.Open(Paths.HostNetDev)) : null;
        Collector = new ScrapeCollector(Registry, Binder, netDevSweep, Metrics, Health, ReadErrors, NullLogger<ScrapeCollector>.Instance);
    }

    public KernelPaths Paths { get; }

    public ReadErrors ReadErrors { get; }

    public TopologyMapper Mapper { get; }

    /// <summary>The kernel's namespaces in the tree, as --docker.enabled=false finds them.</summary>
    public KernelNamespaceSource Kernel { get; }

    public CollectorRegistry Registry { get; }

    public ExporterMetrics Metrics { get; }

    public TopologyStore Store { get; }

    public SeriesBinder Binder { get; }

    public DockerHealth Health { get; }

    public ScrapeCollector Collector { get; }

    /// <summary>Over Fixtures/<paramref name="fixture"/>, read in place.</summary>
    public static Pipeline Over(string fixture, CounterSource counterSource = CounterSource.Sysfs, OpenFileBudget? budget = null) =>
        new(FixtureTree.Path(fixture), counterSource, budget);

    public TopologySnapshot Publish(DockerInventory inventory)
    {
        var snapshot = Mapper.Map(inventory, DockerHostScenario.SyncedAt);
        Store.Publish(snapshot);
        return snapshot;
    }

    /// <summary>What GET /metrics would serve (the registry runs the collector before it serializes).</summary>
    public async Task<string> ScrapeTextAsync()
    {
        using var stream = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public async Task<Exposition> ScrapeAsync() => Exposition.Parse(await ScrapeTextAsync());

    public void Dispose() => Binder.Dispose();
}
