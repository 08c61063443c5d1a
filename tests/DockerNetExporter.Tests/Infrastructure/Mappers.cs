using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Netlink;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Namespaces;
using DockerNetExporter.Runtime;
using DockerNetExporter.Topology;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DockerNetExporter.Tests.Infrastructure;

/// <summary>A <see cref="TopologyMapper"/> over a tree of the test's, and mappings as discovery asks for them.</summary>
internal static class Mappers
{
    /// <summary>Composed as the exporter composes it (AddKernel, AddTopology), with the test's read-error counts and the tree's netlink (<see cref="FixtureNetlink"/>).</summary>
    /// <param name="netClassLogger">Where the sysfs reader logs (a test may watch it); nowhere by default.</param>
    /// <param name="netlink">Netlink as the test answers it; the tree's by default.</param>
    public static TopologyMapper Over(KernelPaths paths, ReadErrors readErrors, ILogger<NetClassReader>? netClassLogger = null, INetlinkReader? netlink = null)
    {
        // Nothing these services hold needs disposing: the provider is let go with the mapper.
        var services = new ServiceCollection().AddLogging().AddSingleton(TimeProvider.System).AddKernel(paths).AddSingleton(netlink ?? new FixtureNetlink(paths)).AddSingleton(readErrors).AddTopology();
        if (netClassLogger is not null)
        {
            services.AddSingleton(netClassLogger);
        }

        return services.BuildServiceProvider().GetRequiredService<TopologyMapper>();
    }

    /// <summary>The runtime's containers alone, no kernel scan, synced at <see cref="DockerHostScenario.SyncedAt"/>.</summary>
    public static TopologySnapshot MapContainers(this TopologyMapper mapper, RuntimeInventory inventory, bool reuseNamespaceReads = false) =>
        mapper.Map(new MappingRequest(inventory, DockerHostScenario.SyncedAt, reuseNamespaceReads, KernelScanUse.None));

    /// <summary>The tree's reads joined with a scan the test wrote, as if the kernel had shown it, and the tree's word on where its veths lead.</summary>
    public static TopologySnapshot JoinWithScan(this Pipeline pipeline, RuntimeInventory inventory, KernelScan scan)
    {
        var host = pipeline.Reader.Read(inventory, reuseNamespaceReads: false);
        return TopologyJoin.Join(inventory, host, scan, pipeline.Peers.Read(host, scan), DockerHostScenario.SyncedAt).Snapshot;
    }

    /// <summary>The tree's reads joined with a scan and the kernel's word on the veths, both as the test wrote them.</summary>
    public static TopologySnapshot JoinWithScan(this Pipeline pipeline, RuntimeInventory inventory, KernelScan scan, LinkPeers peers) =>
        TopologyJoin.Join(inventory, pipeline.Reader.Read(inventory, reuseNamespaceReads: false), scan, peers, DockerHostScenario.SyncedAt).Snapshot;

    /// <summary>The runtime's containers and a fresh kernel scan, as a full sync maps them.</summary>
    public static TopologySnapshot MapWithScan(this TopologyMapper mapper, RuntimeInventory inventory) =>
        mapper.Map(new MappingRequest(inventory, DockerHostScenario.SyncedAt, ReuseNamespaceReads: false, KernelScanUse.Fresh));
}
