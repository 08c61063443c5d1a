using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using DockerNetExporter.Kernel;
using DockerNetExporter.Namespaces;
using DockerNetExporter.Runtime;
using DockerNetExporter.Topology;
using Microsoft.Extensions.DependencyInjection;

namespace DockerNetExporter.Benchmarks;

/// <summary>
/// The mapping, over N containers' worth of real namespaces, veths and a bridge: one container
/// alone (the host's interfaces, then the container's namespace and its veth); a full resync of all
/// N; and all N after a batch of events that changed one of them, which reads only that one's
/// namespace again and takes the others' from the last mapping; and all N found from the kernel
/// alone, as --docker.enabled=false does at each scan (processes, netns files, each namespace's
/// sysfs and netlink). Apart, what every mapping now adds: asking the kernel where the host's veths
/// lead, for all N namespaces, as a full resync asks (one link dump, N RTM_GETNSID) and as a
/// mapping after events asks (the dump; the reads kept, their nsids with them).
/// </summary>
[MemoryDiagnoser]
public class MappingBenchmarks
{
    private NamespacedProcesses host = null!;
    private ServiceProvider services = null!;
    private TopologyMapper mapper = null!;
    private VethPeerReader peerReader = null!;
    private HostRead[] hostReads = [];
    private int freshReads;
    private RuntimeInventory all = RuntimeInventory.Empty;
    private RuntimeInventory one = RuntimeInventory.Empty;
    private RuntimeInventory[] afterAnEvent = [];
    private int events;

    [Params(100, 1000)]
    public int Containers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        host = NamespacedProcesses.Create(Containers);
        all = host.Inventory;
        var first = all.Containers.Values.First();
        one = all with { Containers = ImmutableDictionary<string, RuntimeContainer>.Empty.Add(first.Id, first) };

        // Two versions of the first container, taken in turn, so that it has always changed since the last mapping.
        afterAnEvent = [.. new[] { 1, 2 }.Select(ms => all with { Containers = all.Containers.SetItem(first.Id, first with { StartedAt = first.StartedAt!.Value.AddMilliseconds(ms) }) })];
        services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddKernel(new KernelPaths("/sys", "/proc"))
            .AddTopology()
            .BuildServiceProvider();
        mapper = services.GetRequiredService<TopologyMapper>();
        peerReader = services.GetRequiredService<VethPeerReader>();
        // Two reads of the same namespaces, taken in turn, so that none is the read the last mapping asked about.
        var hostRead = services.GetRequiredService<NamespaceReader>().Read(all, reuseNamespaceReads: false);
        hostReads = [hostRead, hostRead with { Namespaces = hostRead.Namespaces.ToDictionary(r => r.Key, r => r.Value with { }) }];
        if (peerReader.Read(hostRead, KernelScan.Empty) is not { } proven || proven.Identified.Count != Containers)
        {
            throw new InvalidOperationException("the kernel did not place every container's namespace");
        }

        // What is measured must be the mapping that succeeds, every container to its veth, by Docker's word and by the kernel's.
        var mapped = Map(all, reuseNamespaceReads: false, KernelScanUse.None).Containers.Count(c => c.Interfaces.Length == 1);
        var fromKernel = Map(RuntimeInventory.Empty, reuseNamespaceReads: false, KernelScanUse.Fresh).Containers
            .Count(c => c.Interfaces.Length == 1 && c.Interfaces[0].Bridge == host.Bridge);
        if (mapped != Containers || fromKernel != Containers)
        {
            throw new InvalidOperationException($"{mapped} of {Containers} containers mapped, {fromKernel} from the kernel");
        }

        // A full resync last, as discovery's mappings after events follow one: they take its scan, with the host's addresses read again.
        Map(all, reuseNamespaceReads: false, KernelScanUse.Fresh);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        services.Dispose();
        host.Dispose();
    }

    [Benchmark]
    public int MapOneContainer() => Map(one, reuseNamespaceReads: false, KernelScanUse.None).Containers.Length;

    [Benchmark]
    public int MapAllContainers() => Map(all, reuseNamespaceReads: false, KernelScanUse.None).Containers.Length;

    /// <summary>A full resync as discovery runs it: Docker's containers, then the kernel scanned for namespaces none of them accounts for.</summary>
    [Benchmark]
    public int MapAllContainersAndScan() => Map(all, reuseNamespaceReads: false, KernelScanUse.Fresh).Containers.Length;

    [Benchmark]
    public int MapAllFromTheKernel() => Map(RuntimeInventory.Empty, reuseNamespaceReads: false, KernelScanUse.Fresh).Containers.Length;

    /// <summary>The kernel's word on all N containers' veths, every namespace read afresh, as at a full resync.</summary>
    [Benchmark]
    public int AskWhereTheVethsLead() => peerReader.Read(hostReads[++freshReads % 2], KernelScan.Empty)!.Identified.Count;

    /// <summary>The same, every read kept from the last mapping, as after events that changed none of them.</summary>
    [Benchmark]
    public int AskWhereTheVethsLeadOfKeptReads() => peerReader.Read(hostReads[0], KernelScan.Empty)!.Identified.Count;

    [Benchmark]
    public int MapAllAfterAnEvent() => Map(afterAnEvent[events++ % 2], reuseNamespaceReads: true, KernelScanUse.Last).Containers.Length;

    private TopologySnapshot Map(RuntimeInventory inventory, bool reuseNamespaceReads, KernelScanUse scan) =>
        mapper.Map(new MappingRequest(inventory, DateTimeOffset.UtcNow, reuseNamespaceReads, scan));
}
