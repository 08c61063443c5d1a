using DockerNetExporter.Kernel;
using DockerNetExporter.Kernel.Procfs;
using DockerNetExporter.Metrics;
using DockerNetExporter.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Prometheus;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Metrics;

/// <summary>Fixtures/README.md lists the values of web's (proc/1001) snmp, netstat and snmp6.</summary>
public sealed class ProtocolSeriesTests
{
    private readonly CollectorRegistry registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly ReadErrors readErrors = new();

    [Fact]
    public async Task Every_series_of_a_namespace_reads_its_files()
    {
        var metrics = new ProtocolMetrics(registry);
        using var series = Series(metrics, FixtureTree.Path(Fixture, "proc", "1001", "net"));

        series.Collect(readErrors, NullLogger.Instance);

        var exposition = await Exposition.ExportAsync(registry);
        var web = ("container", "web");
        var expected = new (string Name, string? Family, double Value)[]
        {
            ("tcp_segments_received_total", null, 1105), ("tcp_segments_sent_total", null, 1106), ("tcp_segments_retransmitted_total", null, 107),
            ("tcp_receive_errors_total", null, 108), ("tcp_resets_sent_total", null, 109), ("tcp_connections_established", null, 3),
            ("tcp_listen_overflows_total", null, 121), ("tcp_listen_drops_total", null, 122), ("tcp_backlog_drops_total", null, 123),
            ("udp_datagrams_received_total", "ipv4", 1111), ("udp_datagrams_sent_total", "ipv4", 1112), ("udp_receive_buffer_errors_total", "ipv4", 113),
            ("udp_send_buffer_errors_total", "ipv4", 114), ("udp_no_port_datagrams_total", "ipv4", 115), ("udp_receive_errors_total", "ipv4", 116),
            ("ip_input_discards_total", "ipv4", 101), ("ip_output_discards_total", "ipv4", 102), ("ip_output_no_routes_total", "ipv4", 103), ("ip_reassembly_failures_total", "ipv4", 104),
            ("udp_datagrams_received_total", "ipv6", 141), ("udp_datagrams_sent_total", "ipv6", 142), ("udp_receive_buffer_errors_total", "ipv6", 143),
            ("udp_send_buffer_errors_total", "ipv6", 144), ("udp_no_port_datagrams_total", "ipv6", 145), ("udp_receive_errors_total", "ipv6", 146),
            ("ip_input_discards_total", "ipv6", 131), ("ip_output_discards_total", "ipv6", 132), ("ip_output_no_routes_total", "ipv6", 133), ("ip_reassembly_failures_total", "ipv6", 134),
        };
        foreach (var (name, family, value) in expected)
        {
            var labels = family is null ? new[] { web } : [web, ("family", family)];
            Assert.Equal(value, exposition.Single("dockernet_container_" + name, labels).Value);
        }

        Assert.Equal(expected.Length, exposition.Samples.Count);
        Assert.Equal(0, readErrors.ScrapeCount);
    }

    /// <summary>
    /// snmp with a Udp pair cut short, and snmp6 that cannot be opened (a directory in its place): the
    /// rest is served, each gap counted at every scrape, and no series is made up for the gaps.
    /// </summary>
    [Fact]
    public async Task A_missing_file_or_section_is_skipped_and_counted_and_the_rest_served()
    {
        var (hasAllFiles, exposition) = await CollectedTwiceAsync(net =>
        {
            var snmp = File.ReadAllText(Path.Combine(net, "snmp"));
            File.WriteAllText(Path.Combine(net, "snmp"), snmp.Replace("Udp: 1111 115 116 1112 113 114 0 0 0", "Udp: 1111 115 116", StringComparison.Ordinal));
            File.Delete(Path.Combine(net, "snmp6"));
            Directory.CreateDirectory(Path.Combine(net, "snmp6"));
        });

        Assert.False(hasAllFiles);
        Assert.Equal(4, readErrors.ScrapeCount);
        Assert.Equal(1105, exposition.Single("dockernet_container_tcp_segments_received_total").Value);
        Assert.Equal(101, exposition.Single("dockernet_container_ip_input_discards_total", ("family", "ipv4")).Value);
        Assert.Empty(exposition.All("dockernet_container_udp_datagrams_received_total"));
        Assert.Empty(exposition.All("dockernet_container_ip_input_discards_total", ("family", "ipv6")));
    }

    /// <summary>
    /// A kernel booted with ipv6.disable=1 has no snmp6 in any namespace: the ipv4 families are served,
    /// none of ipv6, nothing is counted as a failure, and the files are not opened again at each binding.
    /// </summary>
    [Fact]
    public async Task No_snmp6_beside_snmp_is_a_kernel_without_IPv6_not_a_failure()
    {
        var (hasAllFiles, exposition) = await CollectedTwiceAsync(net => File.Delete(Path.Combine(net, "snmp6")));

        Assert.True(hasAllFiles);
        Assert.Equal(0, readErrors.ScrapeCount);
        Assert.Equal(1111, exposition.Single("dockernet_container_udp_datagrams_received_total", ("family", "ipv4")).Value);
        Assert.Empty(exposition.All("dockernet_container_udp_datagrams_received_total", ("family", "ipv6")));
        Assert.Empty(exposition.All("dockernet_container_ip_input_discards_total", ("family", "ipv6")));
    }

    /// <summary>A namespace whose snmp is gone too (its process exited) is no kernel without IPv6: snmp6 missing is counted.</summary>
    [Fact]
    public async Task Without_snmp_a_missing_snmp6_is_counted()
    {
        var (hasAllFiles, _) = await CollectedTwiceAsync(net =>
        {
            File.Delete(Path.Combine(net, "snmp"));
            File.Delete(Path.Combine(net, "snmp6"));
        });

        Assert.False(hasAllFiles);
        Assert.Equal(4, readErrors.ScrapeCount);
    }

    [Fact]
    public async Task Removing_a_container_removes_all_its_series_and_no_other()
    {
        var metrics = new ProtocolMetrics(registry);
        using var web = Series(metrics, FixtureTree.Path(Fixture, "proc", "1001", "net"));
        using var other = Series(metrics, FixtureTree.Path(Fixture, "proc", "1", "net"), "other");
        web.Collect(readErrors, NullLogger.Instance);
        other.Collect(readErrors, NullLogger.Instance);

        metrics.Remove("web");

        var exposition = await Exposition.ExportAsync(registry);
        Assert.Equal(29, exposition.Samples.Count);
        Assert.All(exposition.Samples, s => Assert.Equal("other", s.Labels["container"]));
    }

    /// <summary>web's namespace files, as <paramref name="change"/> leaves a copy of them, collected twice.</summary>
    private async Task<(bool HasAllFiles, Exposition Exposition)> CollectedTwiceAsync(Action<string> change)
    {
        using var tree = TempTree.CopyOf(Fixture);
        var net = tree.Path("proc", "1001", "net");
        change(net);
        using var series = Series(new ProtocolMetrics(registry), net);
        series.Collect(readErrors, NullLogger.Instance);
        series.Collect(readErrors, NullLogger.Instance);
        return (series.HasAllFiles, await Exposition.ExportAsync(registry));
    }

    private static ProtocolSeries Series(ProtocolMetrics metrics, string net, string container = "web")
    {
        var netns = Path.Combine(net, "..", "ns", "net");
        var inode = NetNamespaceReader.TryRead(netns, out var read, out _) ? read : 0;
        var paths = new KernelPaths(FixtureTree.Path(Fixture, "sys"), FixtureTree.Path(Fixture, "proc"));
        var files = new NamespaceProtocolFiles(new FixtureNetlink(paths), paths).Open(Path.Combine(net, "dev"), netns, inode, OpenFileBudget.Unlimited);
        return new ProtocolSeries(container, metrics, files);
    }
}
