using DockerNetExporter.Configuration;
using DockerNetExporter.Tests.Infrastructure;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Metrics;

/// <summary>
/// The scrape pipeline with --counters.source=proc-net-dev, over a copy of Fixtures/docker-host whose
/// proc/1/net/dev the tests rewrite. (That both sources give the same scrape is the golden test's.)
/// </summary>
public sealed class NetDevSweepTests
{
    [Fact]
    public async Task Counters_follow_the_file_from_one_scrape_to_the_next()
    {
        using var tree = TempTree.CopyOf(Fixture);
        using var pipeline = new Pipeline(tree.Root, CounterSource.ProcNetDev);
        pipeline.Publish(Inventory());
        Assert.Equal(9000001, (await pipeline.ScrapeAsync()).Value("dockernet_container_receive_bytes_total", WebEth0));

        RewriteLine(tree, "vethaaa", "vethaaa: 2000001    2001    1    2    0     0          0         0  9500001    9501    3    4    0     0       0          0");

        var after = await pipeline.ScrapeAsync();
        Assert.Equal(9500001, after.Value("dockernet_container_receive_bytes_total", WebEth0));
        Assert.Equal(9501, after.Value("dockernet_container_receive_packets_total", WebEth0));
        Assert.Equal(0, after.Value("dockernet_read_errors_total", ("stage", "scrape")));
    }

    [Theory]
    [InlineData(null)] // the veth's line is gone
    [InlineData("vethaaa: 2000001    2001    1    2    0     0          0         0  9500001    9501    3    4    0     0       0")] // 15 numbers
    [InlineData("vethaaa: 2000001    2001    1    2    0     0          0         0  95x0001    9501    3    4    0     0       0          0")]
    public async Task An_interface_without_a_good_line_keeps_its_last_values_and_counts_an_error(string? line)
    {
        using var tree = TempTree.CopyOf(Fixture);
        using var pipeline = new Pipeline(tree.Root, CounterSource.ProcNetDev);
        pipeline.Publish(Inventory());
        await pipeline.ScrapeAsync();

        RewriteLine(tree, "vethaaa", line);

        var after = await pipeline.ScrapeAsync();
        Assert.Equal(9000001, after.Value("dockernet_container_receive_bytes_total", WebEth0));
        Assert.Equal(1, after.Value("dockernet_read_errors_total", ("stage", "scrape")));
        Assert.Equal(3000001, after.Value("dockernet_container_transmit_bytes_total", DbEth0)); // the others are read as usual
    }

    [Fact]
    public async Task A_file_of_garbage_counts_an_error_for_every_interface_series()
    {
        using var tree = TempTree.CopyOf(Fixture);
        using var pipeline = new Pipeline(tree.Root, CounterSource.ProcNetDev);
        pipeline.Publish(Inventory());
        var series = pipeline.Binder.Current.Series.Length;
        await pipeline.ScrapeAsync();

        File.WriteAllBytes(tree.Path("proc", "1", "net", "dev"), [0, 1, 2, (byte)':', 0xff, (byte)'\n']);

        var after = await pipeline.ScrapeAsync();
        Assert.Equal(series, after.Value("dockernet_read_errors_total", ("stage", "scrape")));
        Assert.Equal(9000001, after.Value("dockernet_container_receive_bytes_total", WebEth0));
    }

    /// <summary>Replaces the interface's line, or removes it when <paramref name="line"/> is null, in place (the exporter keeps the file open).</summary>
    private static void RewriteLine(TempTree tree, string name, string? line)
    {
        var path = tree.Path("proc", "1", "net", "dev");
        var lines = File.ReadAllLines(path)
            .Select(l => l.TrimStart().StartsWith(name + ":", StringComparison.Ordinal) ? line : l)
            .OfType<string>();
        File.WriteAllText(path, string.Join('\n', lines) + "\n");
    }
}
