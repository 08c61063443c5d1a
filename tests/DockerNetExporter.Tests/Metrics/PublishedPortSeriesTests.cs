using DockerNetExporter.Runtime;
using DockerNetExporter.Tests.Infrastructure;
using static DockerNetExporter.Tests.Infrastructure.DockerHostScenario;

namespace DockerNetExporter.Tests.Metrics;

/// <summary>dockernet_container_published_port_info follows each published topology: ports come and go with their container.</summary>
public sealed class PublishedPortSeriesTests
{
    private const string Family = "dockernet_container_published_port_info";

    [Fact]
    public async Task Ports_appear_with_their_container_change_with_it_and_go_with_it()
    {
        using var pipeline = Pipeline.Over(Fixture);
        pipeline.Publish(Inventory());
        var first = await pipeline.ScrapeAsync();
        Assert.Equal(["0.0.0.0", "::"], first.All(Family, ("container", "web")).Select(s => s.Labels["host_ip"]).Order(StringComparer.Ordinal));
        Assert.Equal(2, first.All(Family).Count); // web's alone: no other container of the scenario publishes one

        // Restarted as -p 127.0.0.1:9090:80/udp (a start event, then its inspect).
        pipeline.Publish(Inventory(AllContainers.Select(c => c == Web ? c with { PublishedPorts = [new RuntimePort("udp", 80, "127.0.0.1", 9090)] } : c)));
        var changed = await pipeline.ScrapeAsync();
        var port = Assert.Single(changed.All(Family));
        Assert.Equal(
            [("container", "web"), ("protocol", "udp"), ("container_port", "80"), ("host_ip", "127.0.0.1"), ("host_port", "9090")],
            port.Labels.Select(l => (l.Key, l.Value)));
        Assert.Equal(1, port.Value);

        pipeline.Publish(Inventory(AllContainers.Where(c => c != Web)));
        Assert.Empty((await pipeline.ScrapeAsync()).All(Family));
    }
}
