using DockerNetExporter.Configuration;
using DockerNetExporter.Tests.Infrastructure;

namespace DockerNetExporter.Tests.Metrics;

/// <summary>
/// The scrape path re-reads kept-open files into stack buffers and moves prometheus-net children:
/// once warm, a collection over the whole fixture plan allocates nothing on the managed heap.
/// </summary>
public sealed class ZeroAllocationTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Collect_allocates_nothing_after_a_warm_up(bool fromProcNetDev)
    {
        using var pipeline = Pipeline.Over(DockerHostScenario.Fixture, fromProcNetDev ? CounterSource.ProcNetDev : CounterSource.Sysfs);
        // edge's two interfaces with no host veth among them, read from its own namespace's net/dev.
        pipeline.Publish(DockerHostScenario.Inventory([.. DockerHostScenario.AllContainers, DockerHostScenario.Edge], [.. DockerHostScenario.AllNetworks, DockerHostScenario.Overlay, DockerHostScenario.Macvlan]));
        Assert.Equal(9, pipeline.Binder.Current.Series.Length);
        Assert.Equal(2, pipeline.Binder.Current.CountedInside.Length);
        pipeline.Collector.Collect(); // warm-up: JIT, first use of each handle, lazy statics

        var before = GC.GetAllocatedBytesForCurrentThread();
        pipeline.Collector.Collect();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(0, pipeline.ReadErrors.ScrapeCount); // the path measured is the one that reads everything
    }

    [Fact]
    public void Collect_allocates_nothing_on_the_path_that_skips_garbage_either()
    {
        using var pipeline = Pipeline.Over(GarbageHost.Fixture);
        pipeline.Publish(GarbageHost.Inventory());
        pipeline.Collector.Collect();

        var before = GC.GetAllocatedBytesForCurrentThread();
        pipeline.Collector.Collect();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(8, pipeline.ReadErrors.ScrapeCount);
    }
}
