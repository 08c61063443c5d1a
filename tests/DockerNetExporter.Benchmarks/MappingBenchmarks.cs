using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using DockerNetExporter.Docker;
using DockerNetExporter.Sysfs;
using DockerNetExporter.Topology;
using Microsoft.Extensions.Logging.Abstractions;

namespace DockerNetExporter.Benchmarks;

/// <summary>
/// The mapping, over N containers' worth of real namespaces, veths and a bridge: one container
/// (the host's interfaces, then the container's namespace and its veth), which a single Docker event
/// would need; and a full resync of all N, which is what discovery runs for every event batch.
/// </summary>
[MemoryDiagnoser]
public class MappingBenchmarks
{
    private NamespacedProcesses host = null!;
    private TopologyMapper mapper = null!;
    private DockerInventory all = DockerInventory.Empty;
    private DockerInventory one = DockerInventory.Empty;

    [Params(100, 1000)]
    public int Containers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        host = NamespacedProcesses.Create(Containers);
        all = host.Inventory;
        var first = all.Containers.Values.First();
        one = all with { Containers = ImmutableDictionary<string, DockerContainer>.Empty.Add(first.Id, first) };
        var readErrors = new ReadErrors();
        mapper = new TopologyMapper(
            new KernelPaths("/sys", "/proc"), new NetClassReader(readErrors, NullLogger<NetClassReader>.Instance), readErrors, NullLogger<TopologyMapper>.Instance);

        // What is measured must be the mapping that succeeds, every container to its veth.
        var mapped = mapper.Map(all, DateTimeOffset.UtcNow).Containers.Count(c => c.Interfaces.Length == 1);
        if (mapped != Containers)
        {
            throw new InvalidOperationException($"{mapped} of {Containers} containers mapped");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => host.Dispose();

    [Benchmark]
    public int MapOneContainer() => mapper.Map(one, DateTimeOffset.UtcNow).Containers.Length;

    [Benchmark]
    public int MapAllContainers() => mapper.Map(all, DateTimeOffset.UtcNow).Containers.Length;
}
