using DockerNetExporter.Tests.Infrastructure;
using DockerNetExporter.Topology;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Metrics;

/// <summary>
/// --collector.protocols over the docker-host fixture: each mapped namespace's snmp, netstat and
/// snmp6 (Fixtures/README.md lists their values: web 1xx, db 2xx, api 3xx, edge 9xx), once per
/// namespace, under the container whose interfaces are mapped in it.
/// </summary>
public sealed class ProtocolPipelineTests
{
    /// <summary>The series of one namespace: 6 TCP (one a gauge), 3 TcpExt, and 6 UDP and 4 IP for each of ipv4 and ipv6.</summary>
    private const int SeriesPerNamespace = 29;

    [Fact]
    public async Task Each_mapped_namespace_is_served_once_under_its_owner()
    {
        using var pipeline = Pipeline.Over(Fixture, protocols: true);
        pipeline.Publish(Inventory([.. AllContainers, Edge], [.. AllNetworks, Overlay, Macvlan]));

        var scrape = await pipeline.ScrapeAsync();

        var served = scrape.Samples.Where(s => IsProtocolSeries(s.Name)).ToList();
        Assert.Equal(["api", "db", "edge", "web"], served.Select(s => s.Labels["container"]).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(4 * SeriesPerNamespace, served.Count);
        Assert.Equal(121, scrape.Value("dockernet_container_tcp_listen_overflows_total", ("container", "web")));
        Assert.Equal(2112, scrape.Value("dockernet_container_udp_datagrams_sent_total", ("container", "db"), ("family", "ipv4")));
        Assert.Equal(313, scrape.Value("dockernet_container_udp_receive_buffer_errors_total", ("container", "api"), ("family", "ipv4")));
        Assert.Equal(943, scrape.Value("dockernet_container_udp_receive_buffer_errors_total", ("container", "edge"), ("family", "ipv6")));
        Assert.Equal(3, scrape.Value("dockernet_container_tcp_connections_established", ("container", "edge")));
        Assert.Equal(0, scrape.Value("dockernet_read_errors_total", ("stage", "scrape")));
    }

    /// <summary>web's namespace is sidecar's too (--network container:web): counted under web alone, and not again when web goes.</summary>
    [Fact]
    public async Task A_container_gone_takes_its_namespace_s_series_and_a_sharer_does_not_inherit_them()
    {
        using var pipeline = Pipeline.Over(Fixture, protocols: true);
        pipeline.Publish(Inventory());
        Assert.Equal(1105, (await pipeline.ScrapeAsync()).Value("dockernet_container_tcp_segments_received_total", ("container", "web")));

        pipeline.Publish(Inventory(AllContainers.Where(c => c.Name != "web")));
        var after = await pipeline.ScrapeAsync();

        Assert.DoesNotContain(after.Samples, s => IsProtocolSeries(s.Name) && s.Labels["container"] is "web" or "sidecar");
        Assert.Equal(2 * SeriesPerNamespace, after.Samples.Count(s => IsProtocolSeries(s.Name)));
        Assert.Equal(3105, after.Value("dockernet_container_tcp_segments_received_total", ("container", "api")));
    }

    /// <summary>
    /// Without Docker, the namespaces the kernel shows get the same series, under the names the
    /// scan gives them, read through their first process (web's is 1001's, db's 1002's, api's 1003's).
    /// </summary>
    [Fact]
    public async Task Namespaces_found_from_the_kernel_are_served_as_containers_are()
    {
        using var pipeline = Pipeline.Over(Fixture, protocols: true);
        pipeline.Publisher.Publish(new MappingRequest(Inventory([], []), SyncedAt, ReuseNamespaceReads: false, KernelScanUse.Fresh));

        var scrape = await pipeline.ScrapeAsync();

        Assert.Equal(
            ["a1a1a1a1a1a1", "api-server", "d8d8d8d8d8d8"],
            scrape.Samples.Where(s => IsProtocolSeries(s.Name)).Select(s => s.Labels["container"]).Distinct().Order(StringComparer.Ordinal));
        Assert.Equal(3 * SeriesPerNamespace, scrape.Samples.Count(s => IsProtocolSeries(s.Name)));
        Assert.Equal(1105, scrape.Value("dockernet_container_tcp_segments_received_total", ("container", "a1a1a1a1a1a1")));
        Assert.Equal(2112, scrape.Value("dockernet_container_udp_datagrams_sent_total", ("container", "d8d8d8d8d8d8"), ("family", "ipv4")));
        Assert.Equal(313, scrape.Value("dockernet_container_udp_receive_buffer_errors_total", ("container", "api-server"), ("family", "ipv4")));
        Assert.Equal(0, scrape.Value("dockernet_read_errors_total", ("stage", "scrape")));
    }

    [Fact]
    public async Task Off_by_default_no_family_is_served()
    {
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory());

        var text = await pipeline.ScrapeTextAsync();

        Assert.DoesNotContain("dockernet_container_tcp_", text, StringComparison.Ordinal);
        Assert.DoesNotContain("dockernet_container_udp_", text, StringComparison.Ordinal);
        Assert.DoesNotContain("dockernet_container_ip_input", text, StringComparison.Ordinal);
    }

    private static bool IsProtocolSeries(string name) =>
        name.StartsWith("dockernet_container_tcp_", StringComparison.Ordinal)
        || name.StartsWith("dockernet_container_udp_", StringComparison.Ordinal)
        || (name.StartsWith("dockernet_container_ip_", StringComparison.Ordinal) && name != "dockernet_container_ip_info");
}
