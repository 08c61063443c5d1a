using DockerNetExporter.Configuration;
using DockerNetExporter.Tests.Infrastructure;

namespace DockerNetExporter.Tests.Metrics;

/// <summary>
/// The scrape path re-reads kept-open files into stack or pooled buffers and moves prometheus-net
/// children: once warm, a collection over the whole fixture plan allocates nothing on the managed
/// heap, on the scraping thread or on the sweep's helpers. What the process allocates is counted on
/// every thread, so other tests must not run meanwhile (the collection below), and the least of a
/// few collections is taken: a path that allocates does so every time, other work only now and then.
/// </summary>
[Collection(AllocationsCollection.Name)]
public sealed class ZeroAllocationTests
{
    private const int Collections = 5;

    /// <summary>The fixture's 9 series and 4 namespaces: 13 reads, one at a time on two threads, or all on the scraping thread.</summary>
    [Theory]
    [InlineData(false, 1)]
    [InlineData(false, 2)]
    [InlineData(true, 1)]
    [InlineData(true, 2)]
    public void Collect_allocates_nothing_after_a_warm_up(bool fromProcNetDev, int threads)
    {
        using var pipeline = Pipeline.Over(DockerHostScenario.Fixture, fromProcNetDev ? CounterSource.ProcNetDev : CounterSource.Sysfs, protocols: true, sweep: (threads, 1));
        // edge's two interfaces with no host veth among them, read from its own namespace's net/dev.
        pipeline.Publish(DockerHostScenario.Inventory([.. DockerHostScenario.AllContainers, DockerHostScenario.Edge], [.. DockerHostScenario.AllNetworks, DockerHostScenario.Overlay, DockerHostScenario.Macvlan]));
        Assert.Equal(9, pipeline.Binder.Current.Series.Length);
        Assert.Equal(2, pipeline.Binder.Current.Series.Count(s => s.CountedInside));
        Assert.Equal(4, pipeline.Binder.Current.Protocols.Length);

        Assert.Equal(0, LeastAllocatedByACollection(pipeline));
        Assert.Equal(0, pipeline.ReadErrors.ScrapeCount); // the path measured is the one that reads everything
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Collect_allocates_nothing_on_the_path_that_skips_garbage_either(int threads)
    {
        using var pipeline = Pipeline.Over(GarbageHost.Fixture, sweep: (threads, 1));
        pipeline.Publish(GarbageHost.Inventory());

        Assert.Equal(0, LeastAllocatedByACollection(pipeline));
        Assert.Equal(4 * (Collections + 1), pipeline.ReadErrors.ScrapeCount); // the same 4 skipped at each collection
    }

    /// <summary>After a warm-up (JIT, first use of each handle and each thread's pooled buffers, lazy statics).</summary>
    private static long LeastAllocatedByACollection(Pipeline pipeline)
    {
        pipeline.Collector.Collect();
        var least = long.MaxValue;
        for (var i = 0; i < Collections; i++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            pipeline.Collector.Collect();
            least = Math.Min(least, GC.GetTotalAllocatedBytes(precise: true) - before);
        }

        return least;
    }
}
