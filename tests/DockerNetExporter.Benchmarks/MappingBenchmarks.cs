using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using DockerNetExporter.Docker;
using DockerNetExporter.Namespaces;
using DockerNetExporter.Sysfs;
using DockerNetExporter.Topology;
using Microsoft.Extensions.Logging.Abstractions;

namespace DockerNetExporter.Benchmarks;

/// <summary>
/// The mapping, over N containers' worth of real namespaces, veths and a bridge: one container
/// alone (the host's interfaces, then the container's namespace and its veth); a full resync of all
/// N; and all N after a batch of events that changed one of them, which reads only that one's
/// namespace again and takes the others' from the last mapping; and all N found from the kernel
/// alone, as --docker.enabled=false does at each scan (processes, netns files, each namespace's
/// sysfs and netlink).
/// </summary>
[MemoryDiagnoser]
public class MappingBenchmarks
{
    private NamespacedProcesses host = null!;
    private TopologyMapper mapper = null!;
    private KernelNamespaceSource kernel = null!;
    private DockerInventory all = DockerInventory.Empty;
    private DockerInventory one = DockerInventory.Empty;
    private DockerInventory[] afterAnEvent = [];
    private int events;

    [Params(100, 1000)]
    public int Containers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        host = NamespacedProcesses.Create(Containers);
        all = host.Inventory;
        var first = all.Containers.Values.First();
        one = all with { Containers = ImmutableDictionary<string, DockerContainer>.Empty.Add(first.Id, first) };

        // Two versions of the first container, taken in turn, so that it has always changed since the last mapping.
        afterAnEvent = [.. new[] { 1, 2 }.Select(ms => all with { Containers = all.Containers.SetItem(first.Id, first with { StartedAt = first.StartedAt!.Value.AddMilliseconds(ms) }) })];
        var readErrors = new ReadErrors();
        var paths = new KernelPaths("/sys", "/proc");
        var netClass = new NetClassReader(readErrors, NullLogger<NetClassReader>.Instance);
        mapper = new TopologyMapper(paths, netClass, readErrors, NullLogger<TopologyMapper>.Instance);
        kernel = new KernelNamespaceSource(paths, netClass, readErrors, NullLogger<KernelNamespaceSource>.Instance);

        // What is measured must be the mapping that succeeds, every container to its veth, by Docker's word and by the kernel's.
        var mapped = mapper.Map(all, DateTimeOffset.UtcNow).Containers.Count(c => c.Interfaces.Length == 1);
        var fromKernel = mapper.Map(DockerInventory.Empty, DateTimeOffset.UtcNow, scanKernel: kernel.Scan).Containers
            .Count(c => c.Interfaces.Length == 1 && c.Interfaces[0].Bridge == host.Bridge);
        if (mapped != Containers || fromKernel != Containers)
        {
            throw new InvalidOperationException($"{mapped} of {Containers} containers mapped, {fromKernel} from the kernel");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => host.Dispose();

    [Benchmark]
    public int MapOneContainer() => mapper.Map(one, DateTimeOffset.UtcNow).Containers.Length;

    [Benchmark]
    public int MapAllContainers() => mapper.Map(all, DateTimeOffset.UtcNow).Containers.Length;

    /// <summary>A full resync as discovery runs it: Docker's containers, then the kernel scanned for namespaces none of them accounts for.</summary>
    [Benchmark]
    public int MapAllContainersAndScan() => mapper.Map(all, DateTimeOffset.UtcNow, scanKernel: kernel.Scan).Containers.Length;

    [Benchmark]
    public int MapAllFromTheKernel() => mapper.Map(DockerInventory.Empty, DateTimeOffset.UtcNow, scanKernel: kernel.Scan).Containers.Length;

    [Benchmark]
    public int MapAllAfterAnEvent() => mapper.Map(afterAnEvent[events++ % 2], DateTimeOffset.UtcNow, reuseNamespaceReads: true).Containers.Length;
}
