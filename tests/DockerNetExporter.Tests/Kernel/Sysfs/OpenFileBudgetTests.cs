using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Sysfs;
using DockerNetExporter.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Kernel.Sysfs;

public sealed class OpenFileBudgetTests
{
    [Fact]
    public void Files_past_the_budget_are_refused_with_one_warning_and_closed_files_return()
    {
        var warnings = new List<string>();
        var budget = new OpenFileBudget(2, new HookLogger<OpenFileBudget>(warnings.Add));
        var path = FixtureTree.Path(Fixture, "sys", "class", "net", "vethaaa", "mtu");

        var first = SysfsAttributeHandle.TryOpen(path, FixtureTree.FileSystem, budget);
        var second = SysfsAttributeHandle.TryOpen(path, FixtureTree.FileSystem, budget);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(SysfsAttributeHandle.TryOpen(path, FixtureTree.FileSystem, budget));
        Assert.Null(SysfsAttributeHandle.TryOpen(path, FixtureTree.FileSystem, budget));
        var warning = Assert.Single(warnings);
        Assert.Contains("--counters.source=proc-net-dev", warning, StringComparison.Ordinal);

        first!.Dispose();
        first.Dispose(); // a second Dispose returns nothing more
        Assert.Equal(1, budget.Kept);
        using var third = SysfsAttributeHandle.TryOpen(path, FixtureTree.FileSystem, budget);
        Assert.NotNull(third);
        second!.Dispose();
    }

    [Fact]
    public void A_file_that_fails_to_open_returns_its_place()
    {
        var budget = new OpenFileBudget(1, NullLogger.Instance);

        Assert.Null(SysfsAttributeHandle.TryOpen(FixtureTree.Path(Fixture, "sys", "class", "net", "vethgone", "mtu"), FixtureTree.FileSystem, budget));

        Assert.Equal(0, budget.Kept);
    }

    /// <summary>Short of files, the exporter serves what fits and counts the rest, and gives every file back when the series go.</summary>
    [Fact]
    public async Task A_pipeline_short_of_files_serves_what_fits_and_counts_the_rest()
    {
        var budget = new OpenFileBudget(12, NullLogger.Instance);
        using (var pipeline = Pipeline.Over(Fixture, budget: budget))
        {
            pipeline.Publish(Inventory());
            var exposition = await pipeline.ScrapeAsync();

            Assert.Equal(12, budget.Kept);
            Assert.True(exposition.Value("dockernet_read_errors_total", ("stage", "scrape")) > 0);
            Assert.NotEmpty(exposition.All("dockernet_container_interface_mtu_bytes"));
        }

        Assert.Equal(0, budget.Kept);
    }

    /// <summary>Files another part of the process gave back are taken up at the next binding; bridges are served first.</summary>
    [Fact]
    public async Task Series_refused_files_get_them_at_the_next_binding_once_the_budget_allows()
    {
        var budget = new OpenFileBudget(70, NullLogger.Instance); // the fixture needs 67: 3 bridges of 9 files, 4 container interfaces of 10
        var other = Enumerable.Range(0, 40).Select(_ => SysfsAttributeHandle.TryOpen(FixtureTree.Path(Fixture, "sys", "class", "net", "lo", "mtu"), FixtureTree.FileSystem, budget)!).ToList();
        using var pipeline = Pipeline.Over(Fixture, budget: budget);
        pipeline.Publish(Inventory());
        var short_ = await pipeline.ScrapeAsync();
        Assert.Equal(3, short_.All("dockernet_bridge_mtu_bytes").Count); // the bridges' 27 files first
        Assert.True(short_.Value("dockernet_read_errors_total", ("stage", "scrape")) > 0);

        other.ForEach(handle => handle.Dispose());
        pipeline.Publish(Inventory()); // takes the files up, keeping the series
        pipeline.Publish(Inventory()); // and closes the incomplete ones it replaced
        var errorsBefore = (await pipeline.ScrapeAsync()).Value("dockernet_read_errors_total", ("stage", "scrape"));
        var after = await pipeline.ScrapeAsync();

        Assert.Equal(errorsBefore, after.Value("dockernet_read_errors_total", ("stage", "scrape"))); // nothing skipped any more
        Assert.Equal(9000001, after.Value("dockernet_container_receive_bytes_total", WebEth0));
    }
}
