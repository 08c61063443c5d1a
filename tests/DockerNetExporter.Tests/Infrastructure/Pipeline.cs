using System.Text;
using DockerNetExporter.Configuration;
using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Metrics;
using DockerNetExporter.Namespaces;
using DockerNetExporter.Runtime;
using DockerNetExporter.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace DockerNetExporter.Tests.Infrastructure;

/// <summary>
/// The exporter's scrape pipeline over a fixture tree, composed from the exporter's own
/// registrations (AddKernel, AddTopology, AddMetrics) without discovery or HTTP:
/// publisher → mapper → store → binder → collector → a registry of its own. Netlink is the
/// tree's (<see cref="FixtureNetlink"/>).
/// </summary>
internal sealed class Pipeline : IDisposable
{
    private readonly ServiceProvider services;

    /// <param name="counterSource">ProcNetDev: the counters come from TREE/proc/1/net/dev.</param>
    /// <param name="budget">How many files the series may keep open; no limit by default.</param>
    /// <param name="protocols">With --collector.protocols: each namespace's TREE/proc/PID/net/{snmp,netstat,snmp6} served.</param>
    /// <param name="sweep">The sweep's threads and chunk, for the few fixture series to be shared between threads; the exporter's by default.</param>
    public Pipeline(string treeRoot, CounterSource counterSource = CounterSource.Sysfs, OpenFileBudget? budget = null, bool protocols = false, (int Degree, int Chunk)? sweep = null)
    {
        var paths = new KernelPaths(Path.Combine(treeRoot, "sys"), Path.Combine(treeRoot, "proc"), Path.Combine(treeRoot, "run"));
        var registrations = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddKernel(paths)
            .AddSingleton<INetlinkReader, FixtureNetlink>()
            .AddSingleton(budget ?? OpenFileBudget.Unlimited)
            .AddTopology()
            .AddSingleton<RuntimeHealth>()
            .AddMetrics(counterSource, "test", "0123abc", protocols);
        if (sweep is { } shared)
        {
            registrations.AddSingleton(sp => new SweepPool(shared.Degree, shared.Chunk, sp.GetRequiredService<ReadErrors>(), sp.GetRequiredService<ILogger<ScrapeCollector>>()));
        }

        services = registrations.BuildServiceProvider();
        services.StartMetrics();
    }

    public KernelPaths Paths => services.GetRequiredService<KernelPaths>();

    public ReadErrors ReadErrors => services.GetRequiredService<ReadErrors>();

    public TopologyMapper Mapper => services.GetRequiredService<TopologyMapper>();

    /// <summary>What the mapper reads with: the tree's host and containers' namespaces.</summary>
    public NamespaceReader Reader => services.GetRequiredService<NamespaceReader>();

    /// <summary>The kernel's word on where the tree's host veths lead (the tree's veth-peers).</summary>
    public VethPeerReader Peers => services.GetRequiredService<VethPeerReader>();

    /// <summary>The kernel's namespaces in the tree, as --docker.enabled=false finds them.</summary>
    public KernelNamespaceSource Kernel => services.GetRequiredService<KernelNamespaceSource>();

    public CollectorRegistry Registry => services.GetRequiredService<CollectorRegistry>();

    public ExporterMetrics Metrics => services.GetRequiredService<ExporterMetrics>();

    public TopologyStore Store => services.GetRequiredService<TopologyStore>();

    public TopologyPublisher Publisher => services.GetRequiredService<TopologyPublisher>();

    public SeriesBinder Binder => services.GetRequiredService<SeriesBinder>();

    /// <summary>Opens a namespace's snmp, netstat and snmp6 in the tree.</summary>
    public NamespaceProtocolFiles ProtocolFiles => services.GetRequiredService<NamespaceProtocolFiles>();

    public RuntimeHealth Health => services.GetRequiredService<RuntimeHealth>();

    public ScrapeCollector Collector => services.GetRequiredService<ScrapeCollector>();

    /// <summary>Over Fixtures/<paramref name="fixture"/>, read in place.</summary>
    public static Pipeline Over(string fixture, CounterSource counterSource = CounterSource.Sysfs, OpenFileBudget? budget = null, bool protocols = false, (int Degree, int Chunk)? sweep = null) =>
        new(FixtureTree.Path(fixture), counterSource, budget, protocols, sweep);

    /// <summary>Maps the inventory (no kernel scan) and publishes it, as discovery's publisher does.</summary>
    public TopologySnapshot Publish(RuntimeInventory inventory)
    {
        Publisher.Publish(new MappingRequest(inventory, DockerHostScenario.SyncedAt, ReuseNamespaceReads: false, KernelScanUse.None));
        return Store.Current;
    }

    /// <summary>What GET /metrics would serve (the registry runs the collector before it serializes).</summary>
    public async Task<string> ScrapeTextAsync()
    {
        using var stream = new MemoryStream();
        await Registry.CollectAndExportAsTextAsync(stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public async Task<Exposition> ScrapeAsync() => Exposition.Parse(await ScrapeTextAsync());

    public void Dispose() => services.Dispose();
}
